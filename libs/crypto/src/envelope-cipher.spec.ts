import { randomBytes, randomUUID } from 'node:crypto';
import { DecryptionError, EnvelopeCipher, SecretBinding } from './envelope-cipher';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const keys = new Map([
  ['k1', k1],
  ['k2', k2],
]);
const binding: SecretBinding = { domain: 'strata.test', parts: [randomUUID(), randomUUID()] };
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('EnvelopeCipher', () => {
  const cipher = new EnvelopeCipher({ keys, activeKeyId: 'k1' });

  it('round-trips a secret and never stores it in the clear', () => {
    const sealed = cipher.encrypt(SECRET, binding);
    expect(sealed.masterKeyId).toBe('k1');
    expect(sealed.ciphertext.includes(Buffer.from(SECRET))).toBe(false);
    expect(sealed.wrappedDataKey).toHaveLength(12 + 16 + 32);
    expect(cipher.decrypt(sealed, binding)).toBe(SECRET);
  });

  it('round-trips bytes', () => {
    const bytes = randomBytes(64);
    const sealed = cipher.encrypt(bytes, binding);
    expect(cipher.decryptBytes(sealed, binding).equals(bytes)).toBe(true);
  });

  it('uses a fresh data key and IV per record', () => {
    const a = cipher.encrypt(SECRET, binding);
    const b = cipher.encrypt(SECRET, binding);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.wrappedDataKey.equals(b.wrappedDataKey)).toBe(false);
  });

  it('binds the ciphertext to its domain and every part (associated data)', () => {
    const sealed = cipher.encrypt(SECRET, binding);
    const [first, second] = binding.parts;
    for (const other of [
      { ...binding, parts: [first, randomUUID()] },
      { ...binding, parts: [randomUUID(), second] },
      { ...binding, parts: [first] },
      { ...binding, domain: 'strata.other' },
    ])
      expect(() => cipher.decrypt(sealed, other)).toThrow(DecryptionError);
  });

  it('refuses ambiguous bindings', () => {
    expect(() => cipher.encrypt(SECRET, { domain: 'strata.test', parts: ['a|b'] })).toThrow(
      /without "\|"/,
    );
    expect(() => cipher.encrypt(SECRET, { domain: 'strata.test', parts: [] })).toThrow(/parts/);
    expect(() => cipher.encrypt(SECRET, { domain: '', parts: ['a'] })).toThrow(/domain/);
  });

  it('detects tampering with the ciphertext or the wrapped key', () => {
    const sealed = cipher.encrypt(SECRET, binding);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[flipped.length - 1] ^= 1;
    expect(() => cipher.decrypt({ ...sealed, ciphertext: flipped }, binding)).toThrow(
      DecryptionError,
    );
    const wrapped = Buffer.from(sealed.wrappedDataKey);
    wrapped[20] ^= 1;
    expect(() => cipher.decrypt({ ...sealed, wrappedDataKey: wrapped }, binding)).toThrow(
      DecryptionError,
    );
    expect(() => cipher.decrypt({ ...sealed, masterKeyId: 'k2' }, binding)).toThrow(
      DecryptionError,
    );
    expect(() => cipher.decrypt({ ...sealed, masterKeyId: 'k9' }, binding)).toThrow(
      /k9 is not configured/,
    );
  });

  it('re-wraps the data key under the new active master key; the old key is no longer needed', () => {
    const sealed = cipher.encrypt(SECRET, binding);
    const rotated = new EnvelopeCipher({ keys, activeKeyId: 'k2' }).rewrap(sealed, binding);
    expect(rotated.masterKeyId).toBe('k2');
    expect(rotated.ciphertext.equals(sealed.ciphertext)).toBe(true);
    const onlyK2 = new EnvelopeCipher({ keys: new Map([['k2', k2]]), activeKeyId: 'k2' });
    expect(onlyK2.decrypt(rotated, binding)).toBe(SECRET);
    expect(() => onlyK2.decrypt(sealed, binding)).toThrow(DecryptionError);
  });
});
