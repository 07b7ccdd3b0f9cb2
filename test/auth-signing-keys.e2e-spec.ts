import { randomBytes, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  JSONWebKeySet,
  JWK,
  jwtVerify,
} from 'jose';
import { Client } from 'pg';
import { EnvelopeCipher, parseMasterKeys } from '@strata/crypto';
import { HttpClient, Platform, repoRoot, startPlatform } from '@strata/testing';
import { apiLogin, bearer, signUpVerified, uniqueEmail } from './support/accounts';

const run = promisify(execFile);
const masterKeys = {
  k1: randomBytes(32).toString('base64'),
  k2: randomBytes(32).toString('base64'),
  k3: randomBytes(32).toString('base64'),
};
const ring = (...ids: (keyof typeof masterKeys)[]) =>
  ids.map((id) => `${id}:${masterKeys[id]}`).join(',');

interface KeyRow {
  kid: string;
  public_jwk: JWK;
  private_jwk: JWK | null;
  private_key_ciphertext: Buffer | null;
  wrapped_data_key: Buffer | null;
  master_key_id: string | null;
  raw: string;
}

/**
 * auth's access-token signing keys at rest: the private JWK is sealed with envelope encryption
 * under AUTH_MASTER_KEYS (bound to the kid), no column holds private key material, tokens verify
 * with the JWKS across restarts, a key stored in the clear by the previous version is sealed at
 * start and keeps signing, and the master key rotates (at start and with the CLI).
 */
describe('auth signing keys at rest', () => {
  let platform: Platform;
  let db: Client;
  const email = uniqueEmail('keys');
  const password = 'keys-password-1';
  const dValues: string[] = [];

  const rows = async (): Promise<KeyRow[]> =>
    (
      await db.query<KeyRow>(
        `SELECT kid, public_jwk, private_jwk, private_key_ciphertext, wrapped_data_key,
                master_key_id, row_to_json(k)::text AS raw
         FROM auth.signing_keys k ORDER BY created_at`,
      )
    ).rows;

  /** Every form the private scalar `d` could take in a column. */
  const forms = (d: string): string[] => {
    const bytes = Buffer.from(d, 'base64url');
    return [d, bytes.toString('base64'), bytes.toString('hex')];
  };

  const expectNoPrivateMaterial = (all: KeyRow[], d: string) => {
    for (const row of all) {
      expect(row.private_jwk).toBeNull();
      expect(row.public_jwk).not.toHaveProperty('d');
      for (const form of forms(d)) expect(row.raw).not.toContain(form);
      const bytes = Buffer.from(d, 'base64url');
      expect(row.private_key_ciphertext!.includes(bytes)).toBe(false);
      expect(row.wrapped_data_key!.includes(bytes)).toBe(false);
    }
  };

  const openRow = (row: KeyRow, keys: string, active: string): JWK =>
    JSON.parse(
      new EnvelopeCipher({ keys: parseMasterKeys(keys), activeKeyId: active }).decrypt(
        {
          ciphertext: row.private_key_ciphertext!,
          wrappedDataKey: row.wrapped_data_key!,
          masterKeyId: row.master_key_id!,
        },
        { domain: 'strata.auth.signing-key', parts: [row.kid] },
      ),
    ) as JWK;

  const jwks = async (): Promise<JSONWebKeySet> =>
    (await new HttpClient(platform.gatewayUrl).get('/api/v1/.well-known/jwks.json'))
      .body as JSONWebKeySet;

  const verify = async (token: string) =>
    (
      await jwtVerify(token, createLocalJWKSet(await jwks()), {
        issuer: 'strata-test',
        audience: 'strata-api',
      })
    ).payload;

  const login = async () => (await apiLogin(platform, email, password)).accessToken;

  beforeAll(async () => {
    platform = await startPlatform({
      serviceEnv: { auth: { AUTH_MASTER_KEYS: ring('k1'), AUTH_ACTIVE_KEY_ID: 'k1' } },
    });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    await signUpVerified(platform, email, password);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it('stores the private key sealed under the master key, with no trace of `d` in any column', async () => {
    const token = await login();
    const [row] = await rows();
    expect(decodeProtectedHeader(token).kid).toBe(row.kid);
    expect(row.master_key_id).toBe('k1');

    // Only the master key opens it, and only for this kid: the published key's private half.
    const privateJwk = openRow(row, ring('k1'), 'k1');
    expect(privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: row.public_jwk.x });
    expect(privateJwk.d).toEqual(expect.any(String));
    dValues.push(privateJwk.d!);
    expectNoPrivateMaterial(await rows(), privateJwk.d!);
    expect(() => openRow({ ...row, kid: randomUUID() }, ring('k1'), 'k1')).toThrow();

    // Public keys stay in the clear: the JWKS verifies the token.
    expect(await verify(token)).toMatchObject({ email, ev: true });
    expect((await bearer(platform, token).get('/api/v1/me')).status).toBe(200);
  });

  it('keeps signing with the same key after a restart, and old tokens still verify', async () => {
    const before = await login();
    await platform.restart('auth');
    const after = await login();
    expect(decodeProtectedHeader(after).kid).toBe(decodeProtectedHeader(before).kid);
    expect(await verify(before)).toMatchObject({ email });
    expect(await verify(after)).toMatchObject({ email });
    expect((await bearer(platform, before).get('/api/v1/me')).status).toBe(200);
    expect(await rows()).toHaveLength(1);
  });

  it('seals a key the previous version stored in the clear, and re-wraps every key under a new master key', async () => {
    const before = await login();
    // What the previous version wrote: the private JWK in plain JSON, the newest key signing.
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    const legacyJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' };
    dValues.push(legacyJwk.d!);
    await db.query('BEGIN');
    await db.query('UPDATE auth.signing_keys SET retired_at = now() WHERE retired_at IS NULL');
    await db.query(
      `INSERT INTO auth.signing_keys (kid, alg, public_jwk, private_jwk) VALUES ($1, 'EdDSA', $2, $3)`,
      [kid, publicJwk, legacyJwk],
    );
    await db.query('COMMIT');

    await platform.restart('auth', {
      AUTH_MASTER_KEYS: ring('k1', 'k2'),
      AUTH_ACTIVE_KEY_ID: 'k2',
    });
    const all = await rows();
    expect(all.map((row) => row.master_key_id)).toEqual(['k2', 'k2']);
    for (const d of dValues) expectNoPrivateMaterial(all, d);
    expect(openRow(all[1], ring('k2'), 'k2')).toMatchObject({ kid, d: legacyJwk.d });

    // The sealed legacy key keeps signing; the token of the retired key still verifies.
    const after = await login();
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    await jwtVerify(after, publicKey, { issuer: 'strata-test', audience: 'strata-api' });
    expect(await verify(after)).toMatchObject({ email });
    expect(await verify(before)).toMatchObject({ email });

    // The CLI re-wraps under k3 while auth runs; then k3 alone is enough.
    const { stdout } = await run(
      'node',
      [path.join(await repoRoot(), 'services/auth/dist/rotate-keys.js')],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: platform.infrastructure.databaseUrl,
          AUTH_MASTER_KEYS: ring('k2', 'k3'),
          AUTH_ACTIVE_KEY_ID: 'k3',
        },
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
      activeKeyId: 'k3',
      sealed: 0,
      rewrapped: 2,
    });
    await platform.restart('auth', { AUTH_MASTER_KEYS: ring('k3'), AUTH_ACTIVE_KEY_ID: 'k3' });
    expect((await rows()).map((row) => row.master_key_id)).toEqual(['k3', 'k3']);
    const last = await login();
    expect(decodeProtectedHeader(last).kid).toBe(kid);
    expect(await verify(last)).toMatchObject({ email });
    expect(await verify(before)).toMatchObject({ email });
  });

  it('refuses to start with a master key that does not open the signing key', async () => {
    await expect(
      platform.restart('auth', {
        AUTH_MASTER_KEYS: `k3:${randomBytes(32).toString('base64')}`,
        AUTH_ACTIVE_KEY_ID: 'k3',
      }),
    ).rejects.toThrow();
    expect(platform.logs('auth')).toMatch(/authentication failed/);
    await platform.restart('auth', { AUTH_MASTER_KEYS: ring('k3'), AUTH_ACTIVE_KEY_ID: 'k3' });
  });

  it('never logs a private key or a master key', () => {
    const logs = platform.logs();
    for (const d of dValues) for (const form of forms(d)) expect(logs).not.toContain(form);
    for (const key of Object.values(masterKeys)) expect(logs).not.toContain(key);
  });
});
