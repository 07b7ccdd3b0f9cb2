export * from './redaction';
export * from './create-logger';
export * from './replica-id';
export * from './logging.module';
export { Logger as NestPinoLogger, PinoLogger, InjectPinoLogger } from 'nestjs-pino';
export type { Logger } from 'pino';
export * from './compiled-redactor';
