import type { JWK } from 'jose';
import { Client } from 'pg';
import { EnvelopeCipher, parseMasterKeys } from '@strata/crypto';

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

interface SigningKeyRow {
  kid: string;
  private_jwk: JWK | null;
  private_key_ciphertext: Buffer | null;
  wrapped_data_key: Buffer | null;
  master_key_id: string | null;
}

/**
 * The newest active signing key of the auth service (private part), to mint a validly signed
 * expired token. A sealed key is opened with `masterKeys`, the AUTH_MASTER_KEYS auth was given.
 */
export async function activeSigningKey(
  databaseUrl: string,
  masterKeys?: string,
): Promise<{ kid: string; jwk: JWK } | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let row: SigningKeyRow | undefined;
  try {
    ({
      rows: [row],
    } = await client.query<SigningKeyRow>(
      `select kid, private_jwk, private_key_ciphertext, wrapped_data_key, master_key_id
         from auth.signing_keys where retired_at is null order by created_at desc limit 1`,
    ));
  } finally {
    await client.end();
  }
  if (!row) return undefined;
  if (row.private_jwk) return { kid: row.kid, jwk: row.private_jwk };
  if (!masterKeys)
    throw new Error('the signing key is sealed: pass the master keys auth was given');
  const cipher = new EnvelopeCipher({
    keys: parseMasterKeys(masterKeys),
    activeKeyId: row.master_key_id!,
  });
  const plaintext = cipher.decrypt(
    {
      ciphertext: row.private_key_ciphertext!,
      wrappedDataKey: row.wrapped_data_key!,
      masterKeyId: row.master_key_id!,
    },
    { domain: 'strata.auth.signing-key', parts: [row.kid] },
  );
  return { kid: row.kid, jwk: JSON.parse(plaintext) as JWK };
}
