import type { JWK } from 'jose';
import { Client } from 'pg';

/**
 * What the auth schema holds, for "nothing was written" checks: row counts, the newest outbox
 * event, and a digest of the columns a state change would touch (password hash, verification,
 * revocation, rotation). auth.attempt_counters is left out on purpose: failed logins may count.
 * The outbox's published_at is left out too: the relay publishes in the background.
 */
export interface AuthDbSnapshot {
  users: number;
  sessions: number;
  refreshTokens: number;
  emailVerificationTokens: number;
  outbox: number;
  outboxNewest: string | null;
  stateDigest: string;
}

const QUERY = `
  select
    (select count(*) from auth.users)::int as "users",
    (select count(*) from auth.sessions)::int as "sessions",
    (select count(*) from auth.refresh_tokens)::int as "refreshTokens",
    (select count(*) from auth.email_verification_tokens)::int as "emailVerificationTokens",
    (select count(*) from auth.outbox)::int as "outbox",
    (select max(created_at)::text from auth.outbox) as "outboxNewest",
    md5(concat_ws('|',
      (select string_agg(concat_ws(',', id, password_hash, email_verified_at, disabled_at), ';' order by id) from auth.users),
      (select string_agg(concat_ws(',', id, revoked_at, revoked_reason, last_used_at), ';' order by id) from auth.sessions),
      (select string_agg(concat_ws(',', id, rotated_at), ';' order by id) from auth.refresh_tokens),
      (select string_agg(concat_ws(',', id, used_at), ';' order by id) from auth.email_verification_tokens)
    )) as "stateDigest"`;

export async function snapshotAuthDb(databaseUrl: string): Promise<AuthDbSnapshot> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<AuthDbSnapshot>(QUERY)).rows[0];
  } finally {
    await client.end();
  }
}

/** The newest active signing key of the auth service (private part), to mint a validly signed expired token. */
export async function activeSigningKey(
  databaseUrl: string,
): Promise<{ kid: string; jwk: JWK } | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ kid: string; private_jwk: JWK }>(
      'select kid, private_jwk from auth.signing_keys where retired_at is null order by created_at desc limit 1',
    );
    return rows[0] && { kid: rows[0].kid, jwk: rows[0].private_jwk };
  } finally {
    await client.end();
  }
}
