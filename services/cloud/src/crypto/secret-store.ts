import { Inject, Injectable } from '@nestjs/common';
import {
  EnvelopeCipher,
  keyRingSource,
  loadKeyRing,
  SealedSecret,
  SecretBinding,
} from '@strata/crypto';
import { createLogger } from '@strata/logging';
import { CLOUD_CONFIG, CloudConfig } from '../config';

/** The cloud record a secret belongs to. */
export interface CloudRecord {
  recordId: string;
  orgId: string;
}

/**
 * The associated data of a cloud secret: `strata.cloud.secret.v1|<record id>|<org id>` and
 * `strata.cloud.data-key.v1|<master key id>|<record id>|<org id>`, the bytes every stored row
 * was sealed with.
 */
export const cloudBinding = (record: CloudRecord): SecretBinding => ({
  domain: 'strata.cloud',
  parts: [record.recordId, record.orgId],
});

/** The service's envelope cipher, built from the configured master keys. */
@Injectable()
export class SecretStore extends EnvelopeCipher {
  constructor(@Inject(CLOUD_CONFIG) config: CloudConfig) {
    const logger = createLogger('cloud').child({ component: 'secret-store' });
    const ring = loadKeyRing(keyRingSource('CLOUD', config), (message) => logger.warn(message));
    super(ring);
    logger.info(
      { activeKeyId: ring.activeKeyId, keyIds: [...ring.keys.keys()] },
      'master keys loaded',
    );
  }

  /** Seals a JSON-serialisable secret for one record. */
  sealJson(value: object, record: CloudRecord): SealedSecret {
    return this.encrypt(JSON.stringify(value), cloudBinding(record));
  }

  openJson<T>(sealed: SealedSecret, record: CloudRecord): T {
    return JSON.parse(this.decrypt(sealed, cloudBinding(record))) as T;
  }
}

/** A row's envelope columns as a SealedSecret. */
export const sealedOf = (row: {
  secretCiphertext: Uint8Array;
  wrappedDataKey: Uint8Array;
  masterKeyId: string;
}): SealedSecret => ({
  ciphertext: Buffer.from(row.secretCiphertext),
  wrappedDataKey: Buffer.from(row.wrappedDataKey),
  masterKeyId: row.masterKeyId,
});
