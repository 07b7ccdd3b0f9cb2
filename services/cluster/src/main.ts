import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { loadConfig } from '@strata/config';
import { bootstrapService } from '@strata/service';
import { AppModule } from './app.module';
import { clusterConfigSchema } from './config';

const config = loadConfig('cluster', clusterConfigSchema);
// Before the modules and the runs' garbage fill the heap: with V8's own factor (up to 4x on a
// machine with lots of memory) the heap held 3x its live size after a burst of creates
// (bench/results/2026-12-03-cluster-runs.md).
if (config.CLUSTER_HEAP_GROWING_PERCENT > 0)
  setFlagsFromString(`--heap-growing-percent=${config.CLUSTER_HEAP_GROWING_PERCENT}`);
void bootstrapService({
  name: 'cluster',
  module: AppModule.forRoot(config),
  port: config.PORT,
  natsUrl: config.NATS_URL,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  tracesSampleRatio: config.TRACES_SAMPLE_RATIO,
});
