import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { NOTIFY_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { UserStreams } from '../pushes/user-streams';

/**
 * On `evt.auth.user.deleted`: everything notify holds about the user goes — notifications,
 * delivery preferences, the first session's record, the push stream and its replay log, and the records of emails about them.
 * Only the id stays, as a tombstone.
 */
@Injectable()
export class UserDataEraser implements OnApplicationBootstrap {
  private readonly logger = new Logger(UserDataEraser.name);

  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly streams: UserStreams,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consumers<Tx>(this.prisma, NOTIFY_SCHEMA).start({
      durable: 'notify-user-deleted',
      subject: 'evt.auth.user.deleted',
      handle: (event, tx) => this.erase(tx, event.data.userId),
    });
  }

  async erase(tx: Tx, userId: string): Promise<void> {
    // The writers' lock: a notification being written now commits first and is erased below; one
    // written later sees the tombstone (the id only) and is dropped.
    await this.streams.lock(tx, userId);
    await tx.deletedUser.upsert({ where: { userId }, create: { userId }, update: {} });
    const where = { userId };
    const notifications = await tx.notification.deleteMany({ where });
    await tx.notificationPreference.deleteMany({ where });
    await tx.pushLog.deleteMany({ where });
    await tx.userStream.deleteMany({ where });
    await tx.emailDelivery.deleteMany({ where });
    await tx.firstSession.deleteMany({ where });
    this.logger.log({ userId, notifications: notifications.count }, 'user data erased');
  }
}
