export { startInfrastructure, DEFAULT_NATS_URL } from './infrastructure';
export type { Infrastructure, InfrastructureOptions } from './infrastructure';
export {
  containerRuntimeAvailable,
  startContainerInfrastructure,
} from './container-infrastructure';
export {
  createTestDatabase,
  uniqueDatabaseName,
  DEFAULT_TEST_DATABASE_SERVER,
} from './test-database';
export type { TestDatabase } from './test-database';
export { findNatsServerBinary, startPrivateNatsServer } from './private-nats-server';
export type { PrivateNatsServer } from './private-nats-server';
export { waitForNats, waitForPostgres } from './readiness';
export { startMailCatcher } from './stand-ins/mail-catcher.stand-in';
export type { CaughtMail, MailCatcher } from './stand-ins/mail-catcher.stand-in';
export * from './stand-ins/google-oauth.stand-in';
export { startPlatform, DEFAULT_SERVICES } from './platform';
export type { Platform, PlatformOptions } from './platform';
export { ServiceProcess } from './service-process';
export type { ExitStatus } from './service-process';
export { HttpClient } from './http-client';
export { committedContract, ContractViolation, OpenApiContract } from './openapi-contract';
export type { HttpClientOptions, HttpResponse, RequestOptions } from './http-client';
export { CookieJar, pathMatches } from './cookie-jar';
export type { StoredCookie } from './cookie-jar';
export { freePort } from './free-port';
export { waitUntil, withTimeout, sleep } from './wait-until';
export { repoRoot } from './repo-root';
export * from './stand-ins/aws-sts.stand-in';
export * from './stand-ins/azure-ad.stand-in';
export * from './stand-ins/google-cloud.stand-in';
export * from './stand-ins/azurite.stand-in';
export * from './stand-ins/s3rver.stand-in';
export * from './stand-ins/kubernetes-api.stand-in';
export * from './kubernetes/kubernetes-test-cluster';
export * from './kubernetes/kubernetes-api-proxy';
export * from './kubernetes/job-puppet';
