import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus, EventData } from '@strata/messaging';
import { NOTIFY_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { EmailDeliveries } from './email-deliveries';
import { passwordResetEmail } from './password-reset-email';

const emailFor = (data: EventData<'evt.auth.password.reset_requested'>) =>
  passwordResetEmail(data.email, data.resetUrl, data.expiresInMinutes);

/** Sends the password-reset email for each `evt.auth.password.reset_requested`. */
@Injectable()
export class PasswordResetEmailConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly deliveries: EmailDeliveries,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consumers<Tx>(this.prisma, NOTIFY_SCHEMA).start({
      durable: 'notify-password-reset-email',
      subject: 'evt.auth.password.reset_requested',
      handle: (event, tx) =>
        this.deliveries.record(
          tx,
          event.id,
          'password_reset',
          emailFor(event.data),
          event.data.userId,
        ),
      afterCommit: (event) => this.deliveries.deliver(event.id, emailFor(event.data)),
    });
  }
}
