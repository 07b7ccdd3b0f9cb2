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
            const client = new RpcClient({ url: options.natsUrl, name: `${options.service}-rpc` });
            await client.connect();
            return client;
          },
        },
      ],
      exports: [EventBus, RpcClient],
    };
  }
}
