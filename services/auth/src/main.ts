import 'reflect-metadata';
import { loadConfig } from '@strata/config';
import { bootstrapService } from '@strata/service';
import { AppModule } from './app.module';
import { authConfigSchema } from './config';

const config = loadConfig('auth', authConfigSchema);
void bootstrapService({
  name: 'auth',
  module: AppModule.forRoot(config),
  port: config.PORT,
  natsUrl: config.NATS_URL,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  tracesSampleRatio: config.TRACES_SAMPLE_RATIO,
});
