import { Injectable, Logger } from '@nestjs/common';
import { EventBus, EventData, EventSubject } from '@strata/messaging';
import { NOTIFY_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { Mailer, OutgoingEmail } from './mailer';

/**
 * One email per event: the delivery row is written with the event's inbox record, then the mail
 * goes out after commit. A delivery already sent is never sent again; a failed one is retried
 * when the event is redelivered. A crash after the SMTP server took the mail and before it was
 * marked sent sends it again on redelivery, with the same Message-ID (messageIdFor).
 */
@Injectable()
export class EmailDeliveries {
  private readonly logger = new Logger(EmailDeliveries.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly mailer: Mailer,
    private readonly bus: EventBus,
  ) {}

  /**
   * A durable consumer that mails one email per `subject` event: recorded with the inbox record,
   * sent after commit. `userIdOf` names the user the mail is about (erased with them).
   */
  async mailOnEvent<S extends EventSubject>(spec: {
    durable: string;
    subject: S;
    kind: string;
    email: (data: EventData<S>) => OutgoingEmail;
    userIdOf?: (data: EventData<S>) => string;
  }): Promise<void> {
    await this.bus.consumers<Tx>(this.prisma, NOTIFY_SCHEMA).start({
      durable: spec.durable,
      subject: spec.subject,
      handle: (event, tx) =>
        this.record(tx, event.id, spec.kind, spec.email(event.data), spec.userIdOf?.(event.data)),
      afterCommit: (event) => this.deliver(event.id, spec.email(event.data)),
    });
  }

  /** `userId`: the user the mail is about, so the row goes when the user is deleted. */
  async record(
    tx: Tx,
    eventId: string,
    kind: string,
    email: OutgoingEmail,
    userId?: string,
  ): Promise<void> {
    await tx.emailDelivery.create({
      data: {
        eventId,
        kind,
        userId,
        recipient: email.to,
        subject: email.subject,
        status: 'pending',
      },
    });
  }

  async deliver(eventId: string, email: OutgoingEmail): Promise<void> {
    const delivery = await this.prisma.emailDelivery.findUnique({ where: { eventId } });
    if (!delivery || delivery.status === 'sent') return;
    try {
      await this.mailer.send(email, eventId);
    } catch (error) {
      await this.prisma.emailDelivery.update({
        where: { eventId },
        data: { status: 'failed', error: (error as Error).message.slice(0, 500) },
      });
      throw error;
    }
    await this.prisma.emailDelivery.update({
      where: { eventId },
      data: { status: 'sent', sentAt: new Date(), error: null },
    });
    this.logger.log({ eventId, kind: delivery.kind }, 'email sent');
  }
}
