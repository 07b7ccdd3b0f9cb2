import 'reflect-metadata';
import { loadConfig } from '@strata/config';
import { bootstrapService } from '@strata/service';
import { AppModule } from './app.module';
import { accountsConfigSchema } from './config';

const config = loadConfig('accounts', accountsConfigSchema);
void bootstrapService({
  name: 'accounts',
  module: AppModule.forRoot(config),
  port: config.PORT,
  natsUrl: config.NATS_URL,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  tracesSampleRatio: config.TRACES_SAMPLE_RATIO,
});
