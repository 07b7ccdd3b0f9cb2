import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MASTER_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The master keys by id, and which one wraps new data keys. */
export interface MasterKeyRing {
  keys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
}

/**
 * Parses "kid1:base64key,kid2:base64key". Each key must be exactly 256 bits; the error never
 * contains key material.
 */
export function parseMasterKeys(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(',').map((part) => part.trim())) {
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id))
      throw new Error('each entry must be <kid>:<base64 key>, kid [A-Za-z0-9_-]');
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== MASTER_KEY_BYTES)
      throw new Error(`key ${id} must be ${MASTER_KEY_BYTES} bytes of base64`);
    if (key.every((byte) => byte === 0)) throw new Error(`key ${id} is all zeros`);
    if (keys.has(id)) throw new Error(`key id ${id} appears twice`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('holds no key');
  return keys;
}

export interface KeyRingSource {
  NODE_ENV: string;
  CLOUD_MASTER_KEYS?: string;
  CLOUD_ACTIVE_KEY_ID?: string;
  CLOUD_DEV_KEY_FILE?: string;
}

export const DEV_KEY_ID = 'dev';

/**
 * The configured master keys. Outside production, without CLOUD_MASTER_KEYS, a development key
 * is generated once into a file (0600, default .strata/cloud-dev-master-key at the repository
 * root) so secrets survive restarts of `npm start`; `warn` says so. Production never gets here
 * (the configuration refuses to start without CLOUD_MASTER_KEYS).
 */
export function loadKeyRing(config: KeyRingSource, warn: (message: string) => void): MasterKeyRing {
  if (config.CLOUD_MASTER_KEYS && config.CLOUD_ACTIVE_KEY_ID) {
    return {
      keys: parseMasterKeys(config.CLOUD_MASTER_KEYS),
      activeKeyId: config.CLOUD_ACTIVE_KEY_ID,
    };
  }
  if (config.NODE_ENV === 'production')
    throw new Error('CLOUD_MASTER_KEYS must be set in production');
  const file =
    config.CLOUD_DEV_KEY_FILE ??
    path.resolve(__dirname, '..', '..', '..', '..', '.strata', 'cloud-dev-master-key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(MASTER_KEY_BYTES).toString('base64'), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== MASTER_KEY_BYTES) throw new Error(`${file} does not hold a 256-bit key`);
  warn(
    `CLOUD_MASTER_KEYS is not set: using the DEVELOPMENT master key in ${file}. ` +
      'Never use it in production (where the service refuses to start without CLOUD_MASTER_KEYS).',
  );
  return { keys: new Map([[DEV_KEY_ID, key]]), activeKeyId: DEV_KEY_ID };
}
