import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
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

/**
 * A service's master-key settings: `<PREFIX>_MASTER_KEYS`, `<PREFIX>_ACTIVE_KEY_ID` and, outside
 * production, `<PREFIX>_DEV_KEY_FILE`.
 */
export interface KeyRingSource {
  /** The variables' prefix, e.g. `CLOUD` or `AUTH`. */
  prefix: string;
  nodeEnv: string;
  masterKeys?: string;
  activeKeyId?: string;
  devKeyFile?: string;
}

/** A parsed service configuration holding `<PREFIX>_MASTER_KEYS` and its companions. */
export type KeyRingConfig = { NODE_ENV: string } & Record<string, unknown>;

/** A service's master-key settings read from its configuration (empty values are unset). */
export function keyRingSource(prefix: string, config: KeyRingConfig): KeyRingSource {
  const text = (name: string) => {
    const value = config[`${prefix}_${name}`];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return {
    prefix,
    nodeEnv: config.NODE_ENV,
    masterKeys: text('MASTER_KEYS'),
    activeKeyId: text('ACTIVE_KEY_ID'),
    devKeyFile: text('DEV_KEY_FILE'),
  };
}

/** A configuration problem, by variable name; never contains key material. */
export interface KeyRingIssue {
  variable: string;
  message: string;
}

/**
 * What is wrong with the master-key settings: both are required in production, the keys must
 * parse, and the active id must be one of them.
 */
export function keyRingIssues(source: KeyRingSource): KeyRingIssue[] {
  const keysVar = `${source.prefix}_MASTER_KEYS`;
  const activeVar = `${source.prefix}_ACTIVE_KEY_ID`;
  const issues: KeyRingIssue[] = [];
  if (source.nodeEnv === 'production') {
    if (!source.masterKeys)
      issues.push({
        variable: keysVar,
        message: 'must be set in production (kid:base64 256-bit key, comma-separated)',
      });
    if (!source.activeKeyId)
      issues.push({ variable: activeVar, message: 'must be set in production' });
  }
  if (source.masterKeys) {
    try {
      const keys = parseMasterKeys(source.masterKeys);
      if (!source.activeKeyId)
        issues.push({ variable: activeVar, message: `must name one of ${keysVar}` });
      else if (!keys.has(source.activeKeyId))
        issues.push({ variable: activeVar, message: `is not one of the key ids in ${keysVar}` });
    } catch (error) {
      issues.push({ variable: keysVar, message: (error as Error).message });
    }
  }
  return issues;
}

export const DEV_KEY_ID = 'dev';

/** `.strata/<prefix>-dev-master-key` at the repository root. */
export const defaultDevKeyFile = (prefix: string): string =>
  path.resolve(__dirname, '..', '..', '..', '.strata', `${prefix.toLowerCase()}-dev-master-key`);

/**
 * The configured master keys. Outside production, without `<PREFIX>_MASTER_KEYS`, a development
 * key is generated once into a file (0600, default `.strata/<prefix>-dev-master-key` at the
 * repository root) so secrets survive restarts of `npm start`; `warn` says so on every start.
 * Production never gets here (the configuration refuses to start without the keys).
 */
export function loadKeyRing(source: KeyRingSource, warn: (message: string) => void): MasterKeyRing {
  const keysVar = `${source.prefix}_MASTER_KEYS`;
  if (source.masterKeys && source.activeKeyId) {
    return { keys: parseMasterKeys(source.masterKeys), activeKeyId: source.activeKeyId };
  }
  if (source.nodeEnv === 'production') throw new Error(`${keysVar} must be set in production`);
  const file = source.devKeyFile ?? defaultDevKeyFile(source.prefix);
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole to a temporary file, then linked into place: two processes starting at once
  // both read the first one's complete key.
  if (!existsSync(file)) {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, randomBytes(MASTER_KEY_BYTES).toString('base64'), { mode: 0o600 });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== MASTER_KEY_BYTES) throw new Error(`${file} does not hold a 256-bit key`);
  warn(
    `${keysVar} is not set: using the DEVELOPMENT master key in ${file}. ` +
      `Never use it in production (where the service refuses to start without ${keysVar}).`,
  );
  return { keys: new Map([[DEV_KEY_ID, key]]), activeKeyId: DEV_KEY_ID };
}
