// Spectral lint of the committed OpenAPI document with the OWASP API security ruleset
// (npm run openapi:lint). The rulesets are local packages: nothing is fetched at run time.
import { oas } from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';

export default {
  extends: [oas, owasp],
  rules: {},
};
