import { DynamicModule, Global, Module } from '@nestjs/common';
import { EventBus, MESSAGING_OPTIONS, MessagingOptions } from './event-bus';
import { RpcClient } from './rpc-client';

/** Wires a service's EventBus and its RpcClient for requests to other services. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        EventBus,
        {
          provide: RpcClient,
          useFactory: async () => {
            const client = new RpcClient({
              url: options.natsUrl,
              name: `${options.service}-rpc`,
              deadlines: definedOnly(options.rpcDeadlines ?? {}),
            });
            await client.connect();
            return client;
          },
        },
      ],
      exports: [EventBus, RpcClient],
    };
  }
}

/** Drops unset entries, so they do not hide the defaults. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
