import { generateKeyPairSync, KeyObject, randomBytes, randomUUID } from 'node:crypto';

/** A service-account key file as Google issues it, with a fresh RSA key. */
export interface TestServiceAccountKey {
  /** The JSON key file (as an object, the way the API accepts it). */
  json: Record<string, string>;
  publicKey: KeyObject;
  /** The PEM private key (a secret: never in a log or a row). */
  privateKeyPem: string;
  clientEmail: string;
  projectId: string;
}

export function serviceAccountKey(projectId: string, name: string): TestServiceAccountKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const clientEmail = `${name}@${projectId}.iam.gserviceaccount.com`;
  return {
    json: {
      type: 'service_account',
      project_id: projectId,
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKeyPem,
      client_email: clientEmail,
      client_id: String(100000000000000000000n + BigInt(randomBytes(4).readUInt32BE())),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
      universe_domain: 'googleapis.com',
    },
    publicKey,
    privateKeyPem,
    clientEmail,
    projectId,
  };
}

/** The base64 body of a PEM key: what must never appear in a row or a log. */
export const pemBody = (pem: string) =>
  pem
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');

/** An Azure client secret shaped like Entra ID's (40 characters with a `~`). */
export const azureClientSecret = () =>
  `${randomBytes(3).toString('hex').slice(0, 3)}8Q~${randomBytes(27).toString('base64url').slice(0, 34)}`;

export const newGuid = () => randomUUID();
