import { CustomStrategy } from '@nestjs/microservices';
import { NatsServer } from './nats-server';

/** The NATS transport of a service: one queue group per service, so replicas share requests. */
export function natsServerOptions(service: string, url: string): CustomStrategy {
  return {
    strategy: new NatsServer({ servers: [url], queue: service, name: `${service}-server` }),
  };
}
