import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConsumerMessages } from 'nats';
import type { AccessClaims } from '@strata/authn';
import { Role, roleFromProto } from '@strata/authz';
import { EventBus, followRecentEvents } from '@strata/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';

/**
 * Access tokens are verified locally, so a token outlives what it says by up to its lifetime.
 * Every gateway process replays one token lifetime of events and refuses at once:
 * - tokens of sessions that were revoked (`evt.auth.session.revoked`);
 * - tokens whose role claim went stale: issued no later than the second the holder's role in
 *   that organization changed (`evt.accounts.member.role_changed`) and carrying another role
 *   than the new one. The client refreshes, and the new token carries the current role;
 * - tokens issued no later than the second the holder was removed from (or left) their active
 *   organization (`evt.accounts.member.removed`): that organization is no longer theirs, so it is not found
 *   for them, exactly as for anyone outside it.
 *
 * The events come through the outbox and JetStream, a few milliseconds after the change
 * commits. The gateway that carried a change records it at once as well (`noted…`), so the
 * next request through it already sees it: read-your-writes, for the user who changed a role
 * and for the member whose page reloads right after.
 */
@Injectable()
export class TokenDenylist implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly revokedSessions = new Map<string, number>();
  /** `${userId}/${orgId}` -> when the role last changed (ms), and to what. */
  private readonly roleChanges = new Map<string, { at: number; role: Role }>();
  /** `${userId}/${orgId}` -> when the membership ended (ms). */
  private readonly removals = new Map<string, number>();
  private readonly followers: ConsumerMessages[] = [];
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly bus: EventBus,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Why a verified token must still be refused, or undefined. */
  refusal(
    claims: AccessClaims,
  ): 'session_revoked' | 'membership_ended' | 'claims_stale' | undefined {
    if (this.revokedSessions.has(claims.sid)) return 'session_revoked';
    if (!claims.org) return undefined;
    const key = memberKey(claims.sub, claims.org);
    // iat has whole seconds, so a token from the second of a change may predate it. For a role,
    // the claim tells: one that is the new role is current whenever it was issued.
    const notAfter = (at: number) => claims.iat <= Math.floor(at / 1000);
    const removedAt = this.removals.get(key);
    if (removedAt !== undefined && notAfter(removedAt)) return 'membership_ended';
    const change = this.roleChanges.get(key);
    if (change && claims.role !== change.role && notAfter(change.at)) return 'claims_stale';
    return undefined;
  }

  /** A role change this gateway carried (the event, when it comes, records it again). */
  notedRoleChange(userId: string, orgId: string, role: Role): void {
    this.roleChanges.set(memberKey(userId, orgId), { at: Date.now(), role });
  }

  /** A removal (or leave) this gateway carried. */
  notedRemoval(userId: string, orgId: string): void {
    this.removals.set(memberKey(userId, orgId), Date.now());
  }

  async onApplicationBootstrap(): Promise<void> {
    const windowMs = (this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
    const nc = this.bus.nats;
    const log = this.bus.logger;
    this.followers.push(
      await followRecentEvents(
        nc,
        'evt.auth.session.revoked',
        windowMs,
        (data, at) => {
          for (const id of data.sessionIds) this.revokedSessions.set(id, at);
        },
        log,
      ),
      await followRecentEvents(
        nc,
        'evt.accounts.member.role_changed',
        windowMs,
        (data, at) =>
          this.roleChanges.set(memberKey(data.userId, data.orgId), {
            at,
            role: roleFromProto(data.role),
          }),
        log,
      ),
      await followRecentEvents(
        nc,
        'evt.accounts.member.removed',
        windowMs,
        (data, at) => this.removals.set(memberKey(data.userId, data.orgId), at),
        log,
      ),
    );
    this.sweeper = setInterval(() => {
      const horizon = Date.now() - windowMs;
      for (const map of [this.revokedSessions, this.removals]) {
        for (const [id, at] of map) if (at < horizon) map.delete(id);
      }
      for (const [id, change] of this.roleChanges) {
        if (change.at < horizon) this.roleChanges.delete(id);
      }
    }, 60_000);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    for (const follower of this.followers) await follower.close();
  }
}

/** One member of one organization, as the maps key them. */
function memberKey(userId: string, orgId: string): string {
  return `${userId}/${orgId}`;
}
