import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { ACCOUNTS_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { EraseProfile } from './erase-profile';

/** Erases the profile once auth has deleted the identity. */
@Injectable()
export class UserDeletedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly erase: EraseProfile,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consumers<Tx>(this.prisma, ACCOUNTS_SCHEMA).start({
      durable: 'accounts-user-deleted',
      subject: 'evt.auth.user.deleted',
      handle: (event, tx) => this.erase.erase(tx, event.data.userId),
    });
  }
}
