import { DecryptionError, EnvelopeCipher, parseMasterKeys } from '@strata/crypto';
import { CloudConfig } from '../config';
import { cloudBinding, SecretStore } from './secret-store';

const MASTER_KEYS = 'k1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=';
const record = {
  recordId: '6f1c2a3e-8d4b-4c5a-9e7f-0a1b2c3d4e5f',
  orgId: 'b2d4f6a8-1c3e-4a5b-8d7f-9e0a1b2c3d4e',
};
const SECRET = { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/**
 * Sealed by the cloud service's own EnvelopeCipher before it moved to @strata/crypto (AAD
 * `strata.cloud.secret.v1|<record>|<org>` and `strata.cloud.data-key.v1|<kid>|<record>|<org>`),
 * with the master key above. Rows like it are in databases today.
 */
const SEALED_BY_THE_OLD_CODE = {
  ciphertext: Buffer.from(
    '9ar57YpDyhsgKCZw6RhsumCVHT7XmqzH/JOjVc5jULp2Kh6Gjk416YdxlvLCcxPp10bmSlUo3KnPCNsIyHaCBVGAJTYgKRxyL+uRzSaj/aCO4GNBwDSokBsX',
    'base64',
  ),
  wrappedDataKey: Buffer.from(
    'ss9XewNlD56LeAy3wW0BEOxk8OXQPFUHqtE4p5u1/E4jTbDGTmJWRbuOwjLvX1aTSajENNr7TTbNUo/T',
    'base64',
  ),
  masterKeyId: 'k1',
};

const store = new SecretStore({
  NODE_ENV: 'test',
  CLOUD_MASTER_KEYS: MASTER_KEYS,
  CLOUD_ACTIVE_KEY_ID: 'k1',
} as CloudConfig);

describe('SecretStore (cloud secrets through @strata/crypto)', () => {
  it('decrypts a secret sealed by the code before the move: the associated data is unchanged', () => {
    expect(store.openJson(SEALED_BY_THE_OLD_CODE, record)).toEqual(SECRET);
  });

  it('re-wraps an old row and still decrypts it', () => {
    const rotated = store.rewrap(SEALED_BY_THE_OLD_CODE, cloudBinding(record));
    expect(store.openJson(rotated, record)).toEqual(SECRET);
  });

  it('binds to the record and the organization', () => {
    expect(() =>
      store.openJson(SEALED_BY_THE_OLD_CODE, { ...record, orgId: record.recordId }),
    ).toThrow(DecryptionError);
    const other = new EnvelopeCipher({ keys: parseMasterKeys(MASTER_KEYS), activeKeyId: 'k1' });
    expect(() =>
      other.decrypt(SEALED_BY_THE_OLD_CODE, {
        domain: 'strata.auth.signing-key',
        parts: [record.recordId, record.orgId],
      }),
    ).toThrow(DecryptionError);
  });

  it('round-trips new secrets', () => {
    const sealed = store.sealJson(SECRET, record);
    expect(sealed.ciphertext.includes(Buffer.from(SECRET.secretAccessKey))).toBe(false);
    expect(store.openJson(sealed, record)).toEqual(SECRET);
  });
});
