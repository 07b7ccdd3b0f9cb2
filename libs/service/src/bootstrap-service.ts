import { DynamicModule, INestApplication } from '@nestjs/common';
import { AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import { NestPinoLogger } from '@strata/logging';
import { natsServerOptions } from '@strata/messaging';
import { startTelemetry, stopTelemetry } from '@strata/telemetry';

export interface ServiceBootstrapOptions {
  name: string;
  module: DynamicModule;
  port: number;
  natsUrl: string;
  otlpEndpoint?: string;
  /** TRACES_SAMPLE_RATIO: the share of root spans recorded (default 1). */
  tracesSampleRatio?: number;
  /** Whether the service answers requests on NATS (the gateway only sends them). */
  listenOnNats?: boolean;
  /** Nest's own JSON body parser; the gateway turns it off to install its own limits. */
  bodyParser?: boolean;
  /** The HTTP platform (default: Nest's Express adapter). */
  httpAdapter?: AbstractHttpAdapter;
  /** HTTP setup before listening (the gateway's middleware). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Starts one service: telemetry, JSON logs, its NATS request handlers (queue group named after
 * the service) and its HTTP listener (health probes; the public API on the gateway).
 * SIGTERM and SIGINT close everything in order.
 */
export async function bootstrapService(
  options: ServiceBootstrapOptions,
): Promise<INestApplication> {
  startTelemetry(options.name, options.otlpEndpoint, options.tracesSampleRatio);
  const nestOptions = { bufferLogs: true, bodyParser: options.bodyParser ?? true };
  const app = options.httpAdapter
    ? await NestFactory.create(options.module, options.httpAdapter, nestOptions)
    : await NestFactory.create(options.module, nestOptions);
  app.useLogger(app.get(NestPinoLogger));
  app.enableShutdownHooks();
  if (options.listenOnNats !== false) {
    app.connectMicroservice(natsServerOptions(options.name, options.natsUrl));
  }
  await options.configure?.(app);
  await app.startAllMicroservices();
  await app.listen(options.port, '0.0.0.0');
  app.get(NestPinoLogger).log(`${options.name} ready on port ${options.port}`, 'Bootstrap');
  process.once('beforeExit', () => void stopTelemetry());
  return app;
}
