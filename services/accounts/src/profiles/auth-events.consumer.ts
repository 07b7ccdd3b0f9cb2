import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { ACCOUNTS_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { ProfilesService } from './profiles.service';

/**
 * Follows auth: a registered user gets a profile and a personal organization (the handler is
 * idempotent by user id, beyond the inbox's once-per-event-id), a disabled user's profile is
 * marked disabled.
 */
@Injectable()
export class AuthEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly profiles: ProfilesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumers = this.bus.consumers<Tx>(this.prisma, ACCOUNTS_SCHEMA);
    await consumers.start({
      durable: 'accounts-user-registered',
      subject: 'evt.auth.user.registered',
      handle: async (event, tx) => {
        await this.profiles.ensureProfileIn(tx, event.data.userId, event.data.email);
      },
    });
    await consumers.start({
      durable: 'accounts-user-disabled',
      subject: 'evt.auth.user.disabled',
      handle: (event, tx) => this.profiles.disable(event.data.userId, tx),
    });
  }
}
