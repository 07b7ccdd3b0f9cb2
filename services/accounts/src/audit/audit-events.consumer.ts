import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AnyDomainEvent, EventBus } from '@strata/messaging';
import { ACCOUNTS_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { auditDraftOf } from './audit-mapping';
import { AuditRepository } from './audit.repository';

/** Durable consumers and the subjects they keep; wildcards so later subjects are not lost. */
const SOURCES = [
  { durable: 'accounts-audit-sign-in', subject: 'evt.auth.session.created' },
  { durable: 'accounts-audit-accounts', subject: 'evt.accounts.>' },
  { durable: 'accounts-audit-cloud', subject: 'evt.cloud.>' },
  { durable: 'accounts-audit-cluster', subject: 'evt.cluster.>' },
] as const;

/**
 * Builds each organization's audit log from the domain events on JetStream. Each event is
 * handled once per consumer (the inbox) and kept once per organization (a unique key on
 * (source event, organization)), in the same transaction. A sign-in is logged in every
 * organization the user is a member of when the event is handled.
 */
@Injectable()
export class AuditEventsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditEventsConsumer.name);

  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly entries: AuditRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumers = this.bus.consumers<Tx>(this.prisma, ACCOUNTS_SCHEMA);
    for (const source of SOURCES) {
      await consumers.startAny({ ...source, handle: (event, tx) => this.record(event, tx) });
    }
  }

  private async record(event: AnyDomainEvent, tx: Tx): Promise<void> {
    if (event.subject === 'evt.accounts.profile.deleted' && event.known) {
      // Every invitation event of the user came before this on the stream, so is recorded now:
      // the address leaves those recorded after the erasure too.
      const { userId } = event.data as { userId: string };
      const cleared = await this.entries.forgetUser(tx, userId);
      this.logger.debug({ eventId: event.id, userId, cleared }, 'deleted user forgotten');
      return;
    }
    const draft = auditDraftOf(event);
    if (!draft) return;
    const orgIds = draft.orgId
      ? [draft.orgId]
      : draft.actorUserId
        ? await this.entries.orgsOf(tx, draft.actorUserId)
        : [];
    const actorUsername = draft.actorUserId
      ? await this.entries.usernameOf(tx, draft.actorUserId)
      : undefined;
    const added = await this.entries.append(tx, draft, orgIds, {
      eventId: event.id,
      subject: event.subject,
      occurredAt: new Date(event.occurredAt),
      actorUsername,
    });
    this.logger.debug({ eventId: event.id, action: draft.action, added }, 'audit entry recorded');
  }
}
