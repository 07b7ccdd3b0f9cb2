import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { NOTIFY_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { EmailDeliveries } from './email-deliveries';
import { verificationEmail } from './verification-email';

/** Sends the verification email for each `evt.auth.email.verification_requested`. */
@Injectable()
export class VerificationEmailConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly deliveries: EmailDeliveries,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consumers<Tx>(this.prisma, NOTIFY_SCHEMA).start({
      durable: 'notify-verification-email',
      subject: 'evt.auth.email.verification_requested',
      handle: (event, tx) =>
        this.deliveries.record(
          tx,
          event.id,
          'email_verification',
          verificationEmail(event.data.email, event.data.verificationUrl),
          event.data.userId,
        ),
      afterCommit: (event) =>
        this.deliveries.deliver(
          event.id,
          verificationEmail(event.data.email, event.data.verificationUrl),
        ),
    });
  }
}
