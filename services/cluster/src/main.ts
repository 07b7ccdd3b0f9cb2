import 'reflect-metadata';
import { loadConfig } from '@strata/config';
import { bootstrapService } from '@strata/service';
import { AppModule } from './app.module';
import { clusterConfigSchema } from './config';

const config = loadConfig('cluster', clusterConfigSchema);
void bootstrapService({
  name: 'cluster',
  module: AppModule.forRoot(config),
  port: config.PORT,
  natsUrl: config.NATS_URL,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  tracesSampleRatio: config.TRACES_SAMPLE_RATIO,
});
