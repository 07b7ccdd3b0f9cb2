import { createPrivateKey } from 'node:crypto';
import { cloudFailure } from './cloud-errors';
import { untrustedGcpKeyEndpoints } from '../ssrf/trusted-endpoints';

export interface GcpKey {
  projectId: string;
  clientEmail: string;
  privateKey: string;
  privateKeyId: string;
}

/**
 * Reads an uploaded service-account key: JSON of type service_account with a project, an email
 * and an RSA private key, whose endpoints are all Google's (or trusted by configuration).
 * Errors never echo the key.
 */
export function parseGcpKey(json: string, trustedOrigins: readonly string[]): GcpKey {
  let key: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
    key = parsed as Record<string, unknown>;
  } catch {
    throw cloudFailure('invalid_key', 'The key file is not JSON.');
  }
  const str = (field: string) => (typeof key[field] === 'string' ? (key[field] as string) : '');
  if (key.type !== 'service_account')
    throw cloudFailure('invalid_key', 'The key file is not a service-account key.');
  const projectId = str('project_id');
  const clientEmail = str('client_email');
  const privateKey = str('private_key');
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId))
    throw cloudFailure('invalid_key', 'The key file has no valid project_id.');
  if (!/^[^@\s]{1,128}@[a-z0-9.-]{1,190}$/.test(clientEmail))
    throw cloudFailure('invalid_key', 'The key file has no valid client_email.');
  try {
    const parsedKey = createPrivateKey(privateKey);
    if (parsedKey.asymmetricKeyType !== 'rsa') throw new Error();
  } catch {
    throw cloudFailure('invalid_key', 'The key file has no valid RSA private_key.');
  }
  const untrusted = untrustedGcpKeyEndpoints(key, trustedOrigins);
  if (untrusted.length) {
    throw cloudFailure(
      'untrusted_endpoint',
      `The key names endpoints that are not Google's: ${untrusted.map((u) => `${u.field} ${u.reason}`).join('; ')}.`,
    );
  }
  return { projectId, clientEmail, privateKey, privateKeyId: str('private_key_id') };
}
