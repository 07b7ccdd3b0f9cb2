import { MicroserviceOptions, Transport } from '@nestjs/microservices';

/** The NATS transport of a service: one queue group per service, so replicas share requests. */
export function natsServerOptions(service: string, url: string): MicroserviceOptions {
  return {
    transport: Transport.NATS,
    options: { servers: [url], queue: service, name: `${service}-server` },
  };
}
