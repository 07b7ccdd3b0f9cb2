/** Secret generators for the catalog (node:crypto's CSPRNG). */
import { randomBytes } from 'node:crypto';

/** A password: 18 random bytes as base64url (24 characters, safe in URIs and YAML). */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** `openssl rand -hex <bytes>` (JupyterHub's cookie secret and proxy token: 32 bytes). */
export function randomHex(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

/** `openssl rand -base64 <bytes>` (Superset's SECRET_KEY: 42 bytes). */
export function randomBase64(bytes: number): string {
  return randomBytes(bytes).toString('base64');
}

/** A Fernet key (Airflow's fernetKey): URL-safe base64 of 32 random bytes, with padding (44 chars). */
export function fernetKey(): string {
  return randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
