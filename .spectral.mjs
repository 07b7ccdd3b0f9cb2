// Spectral lint of the committed OpenAPI document with the OWASP API security ruleset
// (npm run openapi:lint). Both rulesets are local packages: nothing is fetched at run time.
import { oas } from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';

/** Routes a person calls before having a session: signing up, in, and back in. */
const PUBLIC_WRITES = [
  '/api/v1/auth/signup',
  '/api/v1/auth/email/verify',
  '/api/v1/auth/email/resend',
  '/api/v1/auth/password/reset-request',
  '/api/v1/auth/password/reset',
  '/api/v1/auth/login',
  '/api/v1/auth/token/refresh',
];
const pointer = (path) => `**/strata.openapi.json#/paths/${path.replaceAll('/', '~1')}`;

export default {
  extends: [oas, owasp],
  rules: {
    // The gateway sends no RateLimit headers: its limits are per account and IP, answered 429 + Retry-After.
    'owasp:api4:2023-rate-limit': 'off',
    // The API is same-origin (the console is served by the gateway): no CORS, so no Allow-Origin to state.
    'owasp:api8:2023-define-cors-origin': 'off',
    // Platform admins hold the same token as everyone (an admin claim), checked per route; "admin-credentials" is an app's.
    'owasp:api5:2023-admin-security-unique': 'off',
  },
  overrides: [
    {
      files: PUBLIC_WRITES.map(pointer),
      rules: {
        // Signing up, in or back in comes before any credential exists: these writes are public by design.
        'owasp:api2:2023-write-restricted': 'off',
      },
    },
  ],
};
