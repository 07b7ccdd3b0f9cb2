import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConsumerMessages } from 'nats';
import type { AccessClaims } from '@strata/authn';
import { EventBus, followRecentEvents } from '@strata/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';

/**
 * Access tokens are verified locally, so a token outlives what it says by up to its lifetime.
 * Every gateway process replays one token lifetime of events and refuses at once:
 * - tokens of sessions that were revoked (`evt.auth.session.revoked`);
 * - tokens whose role claim went stale: issued before the holder's role in that organization
 *   changed (`evt.accounts.member.role_changed`). The client refreshes, and the new token
 *   carries the current role;
 * - tokens issued before the holder was removed from (or left) their active organization
 *   (`evt.accounts.member.removed`): that organization is no longer theirs, so it is not found
 *   for them, exactly as for anyone outside it.
 */
@Injectable()
export class TokenDenylist implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly revokedSessions = new Map<string, number>();
  /** `${userId}/${orgId}` -> when the role last changed (ms). */
  private readonly roleChanges = new Map<string, number>();
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
    const key = `${claims.sub}/${claims.org}`;
    // iat has whole seconds: a token from the second of the change is given the benefit.
    const before = (at: number | undefined) =>
      at !== undefined && claims.iat < Math.floor(at / 1000);
    if (before(this.removals.get(key))) return 'membership_ended';
    if (before(this.roleChanges.get(key))) return 'claims_stale';
    return undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const windowMs = (this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
    const nc = this.bus.nats;
    const log = this.bus.logger;
    const recordIn =
      (map: Map<string, number>) => (data: { userId: string; orgId: string }, at: number) =>
        map.set(`${data.userId}/${data.orgId}`, at);
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
        recordIn(this.roleChanges),
        log,
      ),
      await followRecentEvents(
        nc,
        'evt.accounts.member.removed',
        windowMs,
        recordIn(this.removals),
        log,
      ),
    );
    this.sweeper = setInterval(() => {
      const horizon = Date.now() - windowMs;
      for (const map of [this.revokedSessions, this.roleChanges, this.removals]) {
        for (const [key, at] of map) if (at < horizon) map.delete(key);
      }
    }, 60_000);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    for (const follower of this.followers) await follower.close();
  }
}
