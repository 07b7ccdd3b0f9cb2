import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { preparedStatement, runPrepared } from '@strata/database';
import { EventBus } from '@strata/messaging';
import { PrismaService } from '../database/prisma.service';
import { ClientInfo } from './session-issuer';

/** What a login needs of its user. */
export interface LoginUser {
  id: string;
  email: string;
  passwordHash: string | null;
  emailVerifiedAt: Date | null;
  disabledAt: Date | null;
}

interface LoginUserRow {
  id: string;
  email: string;
  password_hash: string | null;
  email_verified_at: Date | null;
  disabled_at: Date | null;
}

const userByEmail = preparedStatement<[email: string], LoginUserRow>(
  'auth_login_user_by_email',
  `SELECT id, email, password_hash, email_verified_at, disabled_at FROM users WHERE email = $1`,
);

/**
 * A login's writes in one statement (data-modifying CTEs, one implicit transaction): the
 * password hash upgraded when `$8` is set (needsRehash), the session and its first refresh
 * token, the `evt.auth.session.created` outbox row, and the relay's notification.
 */
const openSessionSql = (outboxTable: string) => `
  WITH rehashed AS (
    UPDATE users SET password_hash = $8::text, updated_at = now()
     WHERE id = $2::uuid AND $8::text IS NOT NULL
    RETURNING id
  ), opened AS (
    INSERT INTO sessions (id, user_id, ip, user_agent, expires_at)
    VALUES ($1::uuid, $2::uuid, $3, $4, $5::timestamptz)
    RETURNING id, expires_at
  ), refresh AS (
    INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at)
    SELECT $6::uuid, o.id, $7, o.expires_at FROM opened o
    RETURNING id
  ), events AS (
    INSERT INTO ${outboxTable} (id, subject, payload, headers)
    VALUES ($9::uuid, $10, $11::jsonb, $12::jsonb)
    RETURNING id
  )
  SELECT (SELECT count(*) FROM opened)::int AS sessions,
         (SELECT count(*) FROM refresh)::int AS refresh_tokens,
         (SELECT count(*) FROM events)::int AS events,
         (SELECT count(*) FROM rehashed)::int AS rehashed,
         pg_notify($13, '') AS notified`;

export interface OpenSessionInput {
  userId: string;
  client: ClientInfo;
  expiresAt: Date;
  refreshTokenHash: string;
  /** A new hash of the password when the stored one was made with other parameters. */
  upgradedPasswordHash?: string;
}

/**
 * The password login's database work as named prepared statements on the service's pool: one
 * read of the user, then one write statement (no Prisma query compiler, no interactive
 * transaction held open across round trips; docs/architecture.md "Database access").
 */
@Injectable()
export class LoginRepository {
  private readonly openSql: string;

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: EventBus,
  ) {
    this.openSql = openSessionSql(bus.outbox!.table);
  }

  async userByEmail(email: string): Promise<LoginUser | undefined> {
    const [row] = await runPrepared(this.prisma.pool, userByEmail, [email]);
    if (!row) return undefined;
    return {
      id: row.id,
      email: row.email,
      passwordHash: row.password_hash,
      emailVerifiedAt: row.email_verified_at,
      disabledAt: row.disabled_at,
    };
  }

  /** Writes the session, its refresh token and the event (and the upgraded hash); its id. */
  async openSession(input: OpenSessionInput): Promise<string> {
    const sessionId = randomUUID();
    const outbox = this.bus.outbox!.rows([
      {
        subject: 'evt.auth.session.created',
        data: {
          userId: input.userId,
          sessionId,
          ip: input.client.ip,
          userAgent: input.client.userAgent,
        },
      },
    ]);
    const { rows } = await this.prisma.pool.query<{ sessions: number; events: number }>({
      name: 'auth_login_open_session',
      text: this.openSql,
      values: [
        sessionId,
        input.userId,
        input.client.ip,
        input.client.userAgent,
        input.expiresAt,
        randomUUID(),
        input.refreshTokenHash,
        input.upgradedPasswordHash ?? null,
        outbox.ids[0],
        outbox.subjects[0],
        outbox.payloads[0],
        outbox.headers[0],
        this.bus.outbox!.channel,
      ],
    });
    if (rows[0]?.sessions !== 1 || rows[0]?.events !== 1) {
      throw new Error('login: the session was not written');
    }
    return sessionId;
  }
}
