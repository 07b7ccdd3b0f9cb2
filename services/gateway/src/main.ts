import 'reflect-metadata';
import { loadConfig } from '@strata/config';
import { bootstrapService } from '@strata/service';
import { AppModule } from './app.module';
import { gatewayConfigSchema } from './config';
import { configureHttp } from './http/configure-http';
import { SharedShapeExpressAdapter } from './http/shared-shape-express-adapter';

const config = loadConfig('gateway', gatewayConfigSchema);
void bootstrapService({
  name: 'gateway',
  module: AppModule.forRoot(config),
  port: config.PORT,
  natsUrl: config.NATS_URL,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  tracesSampleRatio: config.TRACES_SAMPLE_RATIO,
  listenOnNats: false,
  bodyParser: false,
  // Requests and responses share one hidden class (see the adapter): ≈ 2 KB less per open stream.
  httpAdapter: new SharedShapeExpressAdapter(),
  configure: (app) => configureHttp(app, config),
});
