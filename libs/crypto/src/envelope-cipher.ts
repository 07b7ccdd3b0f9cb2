import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { MasterKeyRing } from './master-keys';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;

/**
 * What a sealed secret is bound to (its associated data): decrypting it with another domain or
 * other parts fails. The secret's AAD is `<domain>.secret.v1|<parts joined by |>`, the wrapped
 * data key's `<domain>.data-key.v1|<master key id>|<parts joined by |>` (cloud's format: domain
 * `strata.cloud`, parts record id and org id).
 */
export interface SecretBinding {
  /** e.g. `strata.cloud` or `strata.auth.signing-key`; one per kind of record. */
  domain: string;
  /** The record's identity, e.g. [record id, org id] or [key id]; no part may contain `|`. */
  parts: readonly string[];
}

/** A secret at rest: the ciphertext under its data key, and the data key under a master key. */
export interface SealedSecret {
  /** iv (12) | tag (16) | ciphertext */
  ciphertext: Buffer;
  /** iv (12) | tag (16) | wrapped data key (32) */
  wrappedDataKey: Buffer;
  masterKeyId: string;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('sealed value is truncated');
  const decipher = createDecipheriv(ALGORITHM, key, sealed.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DecryptionError('authentication failed (wrong key or binding)');
  }
}

function boundParts(binding: SecretBinding): string {
  if (!binding.domain || binding.domain.includes('|'))
    throw new Error('a binding needs a domain without "|"');
  if (binding.parts.length === 0 || binding.parts.some((part) => !part || part.includes('|')))
    throw new Error('a binding needs non-empty parts without "|"');
  return binding.parts.join('|');
}

/** The secret's associated data. Cloud's existing rows depend on these exact bytes. */
export const secretAad = (binding: SecretBinding): Buffer =>
  Buffer.from(`${binding.domain}.secret.v1|${boundParts(binding)}`);

/** The wrapped data key's associated data. Cloud's existing rows depend on these exact bytes. */
export const dataKeyAad = (binding: SecretBinding, masterKeyId: string): Buffer =>
  Buffer.from(`${binding.domain}.data-key.v1|${masterKeyId}|${boundParts(binding)}`);

/**
 * Envelope encryption with node:crypto: each record gets a fresh random 256-bit data key; the
 * secret is sealed with AES-256-GCM under it, and the data key is sealed (AES-256-GCM) under the
 * active master key. Both carry the record's binding as associated data, and the wrapped key
 * also its master key id, so a row copied to another record or key id does not decrypt.
 */
export class EnvelopeCipher {
  constructor(private readonly ring: MasterKeyRing) {}

  get activeKeyId(): string {
    return this.ring.activeKeyId;
  }

  /** The configured master key ids (never the keys). */
  get keyIds(): string[] {
    return [...this.ring.keys.keys()];
  }

  encrypt(plaintext: string | Buffer, binding: SecretBinding): SealedSecret {
    const dataKey = randomBytes(DATA_KEY_BYTES);
    try {
      const body = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      return {
        ciphertext: seal(dataKey, body, secretAad(binding)),
        ...this.wrap(dataKey, binding),
      };
    } finally {
      dataKey.fill(0);
    }
  }

  decrypt(sealed: SealedSecret, binding: SecretBinding): string {
    const plaintext = this.decryptBytes(sealed, binding);
    try {
      return plaintext.toString('utf8');
    } finally {
      plaintext.fill(0);
    }
  }

  /** The plaintext as bytes; the caller may zero them once done. */
  decryptBytes(sealed: SealedSecret, binding: SecretBinding): Buffer {
    const dataKey = this.unwrap(sealed, binding);
    try {
      return open(dataKey, sealed.ciphertext, secretAad(binding));
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * The same data key wrapped under the active master key (the secret's ciphertext is unchanged,
   * and no plaintext secret is produced).
   */
  rewrap(sealed: SealedSecret, binding: SecretBinding): SealedSecret {
    const dataKey = this.unwrap(sealed, binding);
    try {
      return { ciphertext: sealed.ciphertext, ...this.wrap(dataKey, binding) };
    } finally {
      dataKey.fill(0);
    }
  }

  /** The data key sealed under the active master key. */
  private wrap(
    dataKey: Buffer,
    binding: SecretBinding,
  ): Pick<SealedSecret, 'wrappedDataKey' | 'masterKeyId'> {
    const masterKeyId = this.ring.activeKeyId;
    const aad = dataKeyAad(binding, masterKeyId);
    return { wrappedDataKey: seal(this.masterKey(masterKeyId), dataKey, aad), masterKeyId };
  }

  private unwrap(sealed: SealedSecret, binding: SecretBinding): Buffer {
    const dataKey = open(
      this.masterKey(sealed.masterKeyId),
      sealed.wrappedDataKey,
      dataKeyAad(binding, sealed.masterKeyId),
    );
    if (dataKey.length !== DATA_KEY_BYTES) throw new DecryptionError('bad data key length');
    return dataKey;
  }

  private masterKey(id: string): Buffer {
    const key = this.ring.keys.get(id);
    if (!key) throw new DecryptionError(`master key ${id} is not configured`);
    return key;
  }
}
