import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import { gatewayConfigSchema } from '../config';
import { buildDocument } from './build-document';

/**
 * The document without a running platform: Nest's preview mode reads the modules and the
 * decorators and instantiates nothing (no NATS, no database).
 */
export async function documentOffline(): Promise<OpenAPIObject> {
  const config = gatewayConfigSchema.parse({ CSRF_SECRET: 'x'.repeat(32) });
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildDocument(app);
  } finally {
    await app.close();
  }
}
