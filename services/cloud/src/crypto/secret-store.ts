import { Inject, Injectable } from '@nestjs/common';
import { createLogger } from '@strata/logging';
import { CLOUD_CONFIG, CloudConfig } from '../config';
import { EnvelopeCipher, SealedSecret, SecretBinding } from './envelope-cipher';
import { loadKeyRing } from './master-keys';

/** The service's envelope cipher, built from the configured master keys. */
@Injectable()
export class SecretStore extends EnvelopeCipher {
  constructor(@Inject(CLOUD_CONFIG) config: CloudConfig) {
    const logger = createLogger('cloud').child({ component: 'secret-store' });
    const ring = loadKeyRing(config, (message) => logger.warn(message));
    super(ring);
    logger.info(
      { activeKeyId: ring.activeKeyId, keyIds: [...ring.keys.keys()] },
      'master keys loaded',
    );
  }

  /** Seals a JSON-serialisable secret for one record. */
  sealJson(value: object, binding: SecretBinding): SealedSecret {
    return this.encrypt(JSON.stringify(value), binding);
  }

  openJson<T>(sealed: SealedSecret, binding: SecretBinding): T {
    return JSON.parse(this.decrypt(sealed, binding)) as T;
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
