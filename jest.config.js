/** Jest runs TypeScript sources through SWC (with decorator metadata for NestJS). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
/**
 * @kubernetes/client-node 1.x is ESM-only, like openid-client and oauth4webapi (and jose 6) under
 * it; Node 20 loads them from CommonJS (require(esm)), Jest's module loader does not, so Jest
 * compiles them to CommonJS like the TypeScript sources.
 */
const esmPackages = ['@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose'];
const swcEsm = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const moduleNameMapper = {
  '^@strata/proto$': '<rootDir>/proto/src/index.ts',
  '^@strata/(config|logging|telemetry|errors|messaging|health|authn|database|testing|service|authz|crypto)$':
    '<rootDir>/libs/$1/src/index.ts',
};
const base = {
  rootDir: __dirname,
  transform: { '^.+\\.tsx?$': swc, '^.+\\.m?js$': swcEsm },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

module.exports = {
  // Project configs cannot set it: e2e suites start whole platforms (migrations take ~12 s).
  testTimeout: 120000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,services,proto,provisioners,installer,web}/**/src/**/*.spec.ts',
        // Process-level tests of the provisioner entrypoint (the built dist/main.js, a fake tofu).
        '<rootDir>/provisioners/test/**/*.spec.ts',
        '<rootDir>/charts/*/test/**/*.spec.ts',
      ],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: [
        '<rootDir>/{libs,services}/**/test/**/*.e2e-spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
      ],
    },
  ],
};
