export * from './readiness-checks';
export * from './health.controller';
export * from './health.module';
