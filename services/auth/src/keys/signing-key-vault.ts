import { Inject, Injectable } from '@nestjs/common';
import { EnvelopeCipher, keyRingSource, loadKeyRing, SecretBinding } from '@strata/crypto';
import { createLogger } from '@strata/logging';
import type { JWK } from 'jose';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { AUTH_SCHEMA, PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';

/**
 * The associated data of a signing key's private JWK: `strata.auth.signing-key.secret.v1|<kid>`
 * and `strata.auth.signing-key.data-key.v1|<master key id>|<kid>`. A sealed key copied to
 * another row does not decrypt.
 */
export const signingKeyBinding = (kid: string): SecretBinding => ({
  domain: 'strata.auth.signing-key',
  parts: [kid],
});

/** A signing key's sealed columns. */
export interface SealedColumns {
  privateKeyCiphertext: Uint8Array<ArrayBuffer>;
  wrappedDataKey: Uint8Array<ArrayBuffer>;
  masterKeyId: string;
}

interface Row {
  kid: string;
  private_jwk: JWK | null;
  private_key_ciphertext: Uint8Array | null;
  wrapped_data_key: Uint8Array | null;
  master_key_id: string | null;
}

const bytes = (buffer: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(buffer);

/**
 * Seals the private JWKs of the access-token signing keys with envelope encryption under
 * AUTH_MASTER_KEYS (@strata/crypto: a data key per key, AES-256-GCM, bound to the kid).
 */
@Injectable()
export class SigningKeyVault {
  private readonly logger = createLogger('auth').child({ component: 'signing-key-vault' });
  private readonly cipher: EnvelopeCipher;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    const ring = loadKeyRing(keyRingSource('AUTH', config), (message) => this.logger.warn(message));
    this.cipher = new EnvelopeCipher(ring);
    this.logger.info(
      { activeKeyId: ring.activeKeyId, keyIds: [...ring.keys.keys()] },
      'master keys loaded',
    );
  }

  seal(kid: string, privateJwk: JWK): SealedColumns {
    const sealed = this.cipher.encrypt(JSON.stringify(privateJwk), signingKeyBinding(kid));
    return {
      privateKeyCiphertext: bytes(sealed.ciphertext),
      wrappedDataKey: bytes(sealed.wrappedDataKey),
      masterKeyId: sealed.masterKeyId,
    };
  }

  open(key: {
    kid: string;
    privateKeyCiphertext: Uint8Array | null;
    wrappedDataKey: Uint8Array | null;
    masterKeyId: string | null;
  }): JWK {
    if (!key.privateKeyCiphertext || !key.wrappedDataKey || !key.masterKeyId)
      throw new Error(`signing key ${key.kid} is not sealed`);
    const json = this.cipher.decrypt(
      {
        ciphertext: Buffer.from(key.privateKeyCiphertext),
        wrappedDataKey: Buffer.from(key.wrappedDataKey),
        masterKeyId: key.masterKeyId,
      },
      signingKeyBinding(key.kid),
    );
    return JSON.parse(json) as JWK;
  }

  /**
   * Seals every key still stored in the clear (made before sealing existed) and nulls its
   * plaintext, and re-wraps every data key that is not under the active master key (the
   * ciphertexts do not change). One transaction with the rows locked, so replicas starting
   * together do each row once. Runs at every start and from `dist/rotate-keys.js`.
   */
  async secureAll(): Promise<{ activeKeyId: string; sealed: number; rewrapped: number }> {
    const active = this.cipher.activeKeyId;
    const result = await this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
        SELECT kid, private_jwk, private_key_ciphertext, wrapped_data_key, master_key_id
        FROM ${Prisma.raw(`"${AUTH_SCHEMA}"."signing_keys"`)}
        WHERE private_jwk IS NOT NULL OR master_key_id <> ${active}
        ORDER BY kid FOR UPDATE`;
      let sealed = 0;
      let rewrapped = 0;
      for (const row of rows) {
        if (row.private_jwk) {
          await tx.signingKey.update({
            where: { kid: row.kid },
            data: { ...this.seal(row.kid, row.private_jwk), privateJwk: Prisma.DbNull },
          });
          sealed += 1;
        } else if (row.private_key_ciphertext && row.wrapped_data_key && row.master_key_id) {
          const next = this.cipher.rewrap(
            {
              ciphertext: Buffer.from(row.private_key_ciphertext),
              wrappedDataKey: Buffer.from(row.wrapped_data_key),
              masterKeyId: row.master_key_id,
            },
            signingKeyBinding(row.kid),
          );
          await tx.signingKey.update({
            where: { kid: row.kid },
            data: { wrappedDataKey: bytes(next.wrappedDataKey), masterKeyId: next.masterKeyId },
          });
          rewrapped += 1;
        }
      }
      return { sealed, rewrapped };
    });
    if (result.sealed || result.rewrapped)
      this.logger.info(
        { activeKeyId: active, ...result },
        'signing keys sealed and re-wrapped under the active master key',
      );
    return { activeKeyId: active, ...result };
  }
}
