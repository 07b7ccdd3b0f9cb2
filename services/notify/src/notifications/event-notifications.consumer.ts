import { create } from '@bufbuild/protobuf';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DomainEvent, EventBus, EventSubject } from '@strata/messaging';
import { AppStatusPushSchema, ClusterStatusPushSchema, Role } from '@strata/proto';
import { NOTIFY_CONFIG, NotifyConfig } from '../config';
import { NOTIFY_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { notificationEmail } from '../email/notification-email';
import { type PushPayload, UserStreams } from '../pushes/user-streams';
import {
  appCredentialsRead,
  appInstalled,
  appRunFailed,
  cloudAccountFailed,
  clusterDeleted,
  clusterRun,
  Message,
  newSignIn,
  passwordChanged,
  RUN_SUBJECTS,
  sessionRevoked,
} from './event-plans';
import { FirstSessions } from './first-sessions';
import { NotificationWriter, PlannedNotification } from './notification-writer';
import { Recipient, Recipients } from './recipients';

type Planner<S extends EventSubject> = (
  event: DomainEvent<S>,
) => Promise<{ message?: Message; recipients: Recipient[] }>;

/**
 * Durable consumers that turn domain events into notifications (and cluster status pushes):
 * one per event subject, each event handled once per consumer (inbox) and each notification
 * made once per (event, user) (unique constraint).
 */
@Injectable()
export class EventNotificationsConsumer implements OnApplicationBootstrap {
  /** Plans made in `handle`, reused after commit (recomputed when the handle was a duplicate). */
  private readonly plans = new Map<string, PlannedNotification | undefined>();

  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly writer: NotificationWriter,
    private readonly recipients: Recipients,
    private readonly streams: UserStreams,
    private readonly firstSessions: FirstSessions,
    @Inject(NOTIFY_CONFIG) private readonly config: NotifyConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const own =
      <S extends EventSubject>(plan: (e: DomainEvent<S>) => Message | undefined): Planner<S> =>
      async (event) => {
        const message = plan(event);
        const userId = (event.data as { userId: string }).userId;
        return { message, recipients: message ? await this.recipients.user(userId) : [] };
      };
    await this.consume(
      'notify-security-password',
      'evt.auth.password.changed',
      own((e) => passwordChanged(e.data)),
    );
    await this.consume('notify-security-sign-in', 'evt.auth.session.created', async (e) => {
      const first = await this.firstSessions.firstOf(e.data.userId, e.data.sessionId);
      const message = newSignIn(e.data, first);
      return { message, recipients: message ? await this.recipients.user(e.data.userId) : [] };
    });
    await this.consume(
      'notify-security-revoked',
      'evt.auth.session.revoked',
      own((e) => sessionRevoked(e.data)),
    );
    await this.consume(
      'notify-cloud-verification-failed',
      'evt.cloud.account.verification_failed',
      async (e) => {
        const message = cloudAccountFailed(e.data);
        const recipients = message
          ? await this.recipients.orgMembers(e.data.orgId, [Role.OWNER, Role.ADMIN])
          : [];
        return { message, recipients };
      },
    );
    for (const subject of RUN_SUBJECTS) {
      await this.consume(
        `notify-${subject.replace(/^evt\./, '').replace(/\./g, '-')}`,
        subject,
        async (e) => {
          const message = clusterRun(subject, e.data);
          return {
            message,
            recipients: message ? await this.recipients.orgMembers(e.data.orgId) : [],
          };
        },
      );
    }
    await this.consume(
      'notify-cluster-state',
      'evt.cluster.cluster.state_changed',
      async (e) => ({
        message: clusterDeleted(e.data),
        recipients: await this.recipients.orgMembers(e.data.orgId),
      }),
      async (event, tx, recipients) => {
        // Every member's browser sees the cluster's status change, in their own push order.
        const d = event.data;
        const status = create(ClusterStatusPushSchema, {
          orgId: d.orgId,
          clusterId: d.clusterId,
          ...(d.clusterName ? { clusterName: d.clusterName } : {}),
          from: d.from,
          to: d.to,
          ...(d.runId ? { runId: d.runId } : {}),
          ...(d.reason ? { reason: d.reason } : {}),
        });
        await this.pushToAll(tx, recipients, { case: 'cluster', value: status });
      },
    );
    await this.consumeApps();
  }

  /** One push to each recipient, locking their streams in one order (no deadlock between events). */
  private async pushToAll(tx: Tx, recipients: Recipient[], payload: PushPayload) {
    for (const r of [...recipients].sort((a, b) => a.userId.localeCompare(b.userId))) {
      await this.streams.lock(tx, r.userId);
      await this.streams.append(tx, r.userId, payload);
    }
  }

  /** Apps (issue 11): install success/failure notices, the credentials audit, app status pushes. */
  private async consumeApps(): Promise<void> {
    await this.consume(
      'notify-cluster-app-run-succeeded',
      'evt.cluster.app.run_succeeded',
      async (e) => {
        const message = appInstalled(e.data);
        return {
          message,
          recipients: message ? await this.recipients.orgMembers(e.data.orgId) : [],
        };
      },
    );
    await this.consume('notify-cluster-app-run-failed', 'evt.cluster.app.run_failed', async (e) => {
      const message = appRunFailed(e.data);
      return { message, recipients: message ? await this.recipients.orgMembers(e.data.orgId) : [] };
    });
    await this.consume(
      'notify-cluster-app-credentials-read',
      'evt.cluster.app.credentials_read',
      async (e) => ({
        message: appCredentialsRead(e.data),
        recipients: await this.recipients.orgMembers(e.data.orgId, [Role.OWNER]),
      }),
    );
    await this.consume(
      'notify-cluster-app-state',
      'evt.cluster.app.state_changed',
      async (e) => ({ recipients: await this.recipients.orgMembers(e.data.orgId) }),
      async (event, tx, recipients) => {
        // Every member's browser sees the app's status change, like a cluster's (`app` pushes).
        const d = event.data;
        const status = create(AppStatusPushSchema, {
          orgId: d.orgId,
          clusterId: d.clusterId,
          appId: d.appId,
          catalogId: d.catalogId,
          from: d.from,
          to: d.to,
          ...(d.runId ? { runId: d.runId } : {}),
          ...(d.reason ? { reason: d.reason } : {}),
        });
        await this.pushToAll(tx, recipients, { case: 'app', value: status });
      },
    );
  }

  private async consume<S extends EventSubject>(
    durable: string,
    subject: S,
    planner: Planner<S>,
    extra?: (event: DomainEvent<S>, tx: Tx, recipients: Recipient[]) => Promise<void>,
  ): Promise<void> {
    const plan = async (event: DomainEvent<S>) => {
      const { message, recipients } = await planner(event);
      if (!message) return { recipients, planned: undefined };
      const planned: PlannedNotification = {
        ...message,
        recipients,
        email: (r) =>
          notificationEmail(r.email, message.title, message.body, this.config.PUBLIC_URL),
      };
      return { recipients, planned };
    };
    await this.bus.consumers<Tx>(this.prisma, NOTIFY_SCHEMA).start({
      durable,
      subject,
      handle: async (event, tx) => {
        const { recipients, planned } = await plan(event);
        await extra?.(event, tx, recipients);
        if (planned) await this.writer.write(tx, event.id, planned);
        this.plans.set(event.id, planned);
      },
      afterCommit: async (event) => {
        const planned = this.plans.has(event.id)
          ? this.plans.get(event.id)
          : (await plan(event)).planned;
        this.plans.delete(event.id);
        await this.writer.deliver(event.id, planned);
      },
    });
  }
}
