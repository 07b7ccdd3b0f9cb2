import { createHash } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Injectable, Logger } from '@nestjs/common';
import { NotificationPushSchema, UnreadPushSchema } from '@strata/proto';
import { Tx } from '../database/prisma.service';
import { EmailDeliveries } from '../email/email-deliveries';
import { OutgoingEmail } from '../email/mailer';
import { PushRelay } from '../pushes/push-relay';
import { UserStreams } from '../pushes/user-streams';
import { Channels, channelsFor, NotificationKind } from './notification-kinds';
import { Recipient } from './recipients';

/** What one event tells a set of people. */
export interface PlannedNotification {
  kind: NotificationKind;
  orgId?: string;
  title: string;
  body: string;
  data: Record<string, string>;
  recipients: Recipient[];
  /** The email for one recipient, when the kind is mailed. */
  email(recipient: Recipient): OutgoingEmail;
}

/** The email delivery key of one (event, user): a UUID derived from both, stable across retries. */
export function deliveryKey(eventId: string, userId: string): string {
  const hex = createHash('sha256').update(`${eventId}:${userId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Writes an event's notifications inside the consumer's transaction (once per (event, user):
 * unique constraint), each with its `notification` and `unread` pushes, and records the emails
 * the users' preferences allow. After commit, `deliver` publishes the pushes and sends the mail.
 */
@Injectable()
export class NotificationWriter {
  private readonly logger = new Logger(NotificationWriter.name);

  constructor(
    private readonly streams: UserStreams,
    private readonly relay: PushRelay,
    private readonly deliveries: EmailDeliveries,
  ) {}

  async write(tx: Tx, eventId: string, plan: PlannedNotification): Promise<void> {
    // One lock order for every writer (user id), so two events never deadlock.
    const recipients = [...plan.recipients].sort((a, b) => a.userId.localeCompare(b.userId));
    const stored = await this.preferences(
      tx,
      recipients.map((r) => r.userId),
      plan.kind,
    );
    for (const recipient of recipients) {
      // Under the user's stream lock, which the erasure takes too: either it sees what is
      // written here, or this sees its tombstone.
      await this.streams.lock(tx, recipient.userId);
      if (await this.streams.erased(tx, recipient.userId)) continue;
      const channels = channelsFor(plan.kind, stored.get(recipient.userId) ?? new Map());
      if (channels.inApp) await this.writeOne(tx, eventId, recipient.userId, plan);
      // One consumer per event subject and the inbox make this run once per (event, user).
      if (channels.email)
        await this.deliveries.record(
          tx,
          deliveryKey(eventId, recipient.userId),
          plan.kind,
          plan.email(recipient),
          recipient.userId,
        );
    }
  }

  /** After commit (every delivery, duplicates too): publish pushes, send the recorded emails. */
  async deliver(eventId: string, plan: PlannedNotification | undefined): Promise<void> {
    await this.relay.kick();
    if (!plan) return;
    for (const recipient of plan.recipients)
      await this.deliveries.deliver(deliveryKey(eventId, recipient.userId), plan.email(recipient));
  }

  private async writeOne(tx: Tx, eventId: string, userId: string, plan: PlannedNotification) {
    await this.streams.lock(tx, userId);
    const created = await tx.notification.createManyAndReturn({
      data: [
        {
          eventId,
          userId,
          orgId: plan.orgId || null,
          kind: plan.kind,
          title: plan.title,
          body: plan.body,
          data: plan.data,
        },
      ],
      skipDuplicates: true,
    });
    if (created.length === 0) return; // this event already notified this user
    const [n] = created;
    await this.streams.append(tx, userId, {
      case: 'notification',
      value: create(NotificationPushSchema, {
        id: n.id,
        ...(n.orgId ? { orgId: n.orgId } : {}),
        kind: n.kind,
        title: n.title,
        body: n.body,
        data: n.data as Record<string, string>,
        createdAt: timestampFromDate(n.createdAt),
      }),
    });
    await this.streams.append(tx, userId, {
      case: 'unread',
      value: create(UnreadPushSchema, { unread: await this.streams.unread(tx, userId) }),
    });
    this.logger.log({ eventId, userId, kind: plan.kind }, 'notification created');
  }

  private async preferences(tx: Tx, userIds: string[], kind: string) {
    const rows = await tx.notificationPreference.findMany({
      where: { userId: { in: userIds }, kind },
    });
    const byUser = new Map<string, Map<string, Channels>>();
    for (const row of rows)
      byUser.set(row.userId, new Map([[row.kind, { inApp: row.inApp, email: row.email }]]));
    return byUser;
  }
}
