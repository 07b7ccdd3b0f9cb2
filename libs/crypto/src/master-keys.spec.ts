import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEV_KEY_ID,
  keyRingIssues,
  keyRingSource,
  loadKeyRing,
  parseMasterKeys,
} from './master-keys';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

describe('parseMasterKeys', () => {
  it('reads kid:base64 pairs', () => {
    expect([...parseMasterKeys(`a:${k1}, b:${k2}`).keys()]).toEqual(['a', 'b']);
  });

  it('refuses short, zero and malformed keys without echoing them', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parseMasterKeys(`a:${short}`)).toThrow(/must be 32 bytes/);
    expect(() => parseMasterKeys(`a:${short}`)).not.toThrow(short);
    expect(() => parseMasterKeys(`a:${Buffer.alloc(32).toString('base64')}`)).toThrow(/zeros/);
    expect(() => parseMasterKeys('nokey')).toThrow(/kid/);
    expect(() => parseMasterKeys(`a:${k1},a:${k2}`)).toThrow(/twice/);
    expect(() => parseMasterKeys('')).toThrow(/no key/);
  });
});

describe('keyRingSource', () => {
  it("reads the prefix's variables from a configuration, empty values as unset", () => {
    const config = {
      NODE_ENV: 'test',
      AUTH_MASTER_KEYS: `a:${k1}`,
      AUTH_ACTIVE_KEY_ID: 'a',
      AUTH_DEV_KEY_FILE: '',
      CLOUD_MASTER_KEYS: `b:${k2}`,
    };
    expect(keyRingSource('AUTH', config)).toEqual({
      prefix: 'AUTH',
      nodeEnv: 'test',
      masterKeys: `a:${k1}`,
      activeKeyId: 'a',
      devKeyFile: undefined,
    });
  });
});

describe('keyRingIssues', () => {
  const base = { prefix: 'AUTH', nodeEnv: 'production' };

  it('requires both variables in production, by name', () => {
    expect(keyRingIssues(base).map((issue) => issue.variable)).toEqual([
      'AUTH_MASTER_KEYS',
      'AUTH_ACTIVE_KEY_ID',
    ]);
    expect(keyRingIssues({ ...base, masterKeys: `a:${k1}`, activeKeyId: 'a' })).toEqual([]);
  });

  it('lets development and test run without them', () => {
    expect(keyRingIssues({ ...base, nodeEnv: 'development' })).toEqual([]);
    expect(keyRingIssues({ ...base, nodeEnv: 'test' })).toEqual([]);
  });

  it('checks the keys and that the active id is one of them, without echoing a key', () => {
    const dev = { ...base, nodeEnv: 'development' };
    expect(keyRingIssues({ ...dev, masterKeys: `a:${k1}` })).toEqual([
      { variable: 'AUTH_ACTIVE_KEY_ID', message: 'must name one of AUTH_MASTER_KEYS' },
    ]);
    expect(keyRingIssues({ ...dev, masterKeys: `a:${k1}`, activeKeyId: 'b' })).toEqual([
      { variable: 'AUTH_ACTIVE_KEY_ID', message: 'is not one of the key ids in AUTH_MASTER_KEYS' },
    ]);
    const short = randomBytes(8).toString('base64');
    const [issue] = keyRingIssues({ ...dev, masterKeys: `a:${short}`, activeKeyId: 'a' });
    expect(issue.variable).toBe('AUTH_MASTER_KEYS');
    expect(issue.message).not.toContain(short);
  });
});

describe('loadKeyRing', () => {
  it('uses the configured keys', () => {
    const warn = jest.fn();
    const ring = loadKeyRing(
      { prefix: 'AUTH', nodeEnv: 'production', masterKeys: `a:${k1},b:${k2}`, activeKeyId: 'b' },
      warn,
    );
    expect(ring.activeKeyId).toBe('b');
    expect(ring.keys.get('a')?.toString('base64')).toBe(k1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('refuses to run without keys in production', () => {
    expect(() => loadKeyRing({ prefix: 'AUTH', nodeEnv: 'production' }, jest.fn())).toThrow(
      /AUTH_MASTER_KEYS must be set in production/,
    );
  });

  it('outside production generates one development key file (0600) and warns every time', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'strata-crypto-')), 'dev-key');
    const warn = jest.fn();
    const first = loadKeyRing({ prefix: 'AUTH', nodeEnv: 'test', devKeyFile: file }, warn);
    const second = loadKeyRing({ prefix: 'AUTH', nodeEnv: 'test', devKeyFile: file }, warn);
    expect(first.activeKeyId).toBe(DEV_KEY_ID);
    expect(second.keys.get(DEV_KEY_ID)?.equals(first.keys.get(DEV_KEY_ID)!)).toBe(true);
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toMatch(/AUTH_MASTER_KEYS is not set: using the DEVELOPMENT/);
  });
});
