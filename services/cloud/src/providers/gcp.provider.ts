import { createSign } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import { cloudFailure, isCloudFailure, isNetworkError } from './cloud-errors';
import { CloudEndpoints } from './cloud-endpoints';
import { GcpKey } from './gcp-key';

const SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';
/** GKE: an access token for the Kubernetes API (cloud-platform, as gcloud's). */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * GCP: the service-account JWT-bearer grant (RFC 7523) at the token endpoint, then a real GCS
 * call with @google-cloud/storage. The token endpoint is Google's unless the environment says
 * otherwise (the key's own token_uri has passed the allow-list but is not followed:
 * @google-cloud/storage would not follow it either).
 */
@Injectable()
export class GcpProvider {
  constructor(private readonly endpoints: CloudEndpoints) {}

  async accessToken(key: GcpKey, scope = SCOPE): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.privateKeyId }));
    const claims = b64url(
      JSON.stringify({
        iss: key.clientEmail,
        scope,
        aud: this.endpoints.gcpTokenUrl,
        iat: now,
        exp: now + 3600,
      }),
    );
    const signature = createSign('RSA-SHA256')
      .update(`${header}.${claims}`)
      .sign(key.privateKey)
      .toString('base64url');
    let res: Response;
    try {
      res = await fetch(this.endpoints.gcpTokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: `${header}.${claims}.${signature}`,
        }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.endpoints.timeoutMs),
      });
    } catch {
      throw cloudFailure('unreachable');
    }
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (res.ok && body.access_token)
      return {
        token: body.access_token,
        expiresAt: new Date(Date.now() + (body.expires_in ?? 3600) * 1000),
      };
    if (/disabled|expired/i.test(body.error_description ?? ''))
      throw cloudFailure('credentials_expired');
    if (res.status === 400 || res.status === 401 || body.error === 'invalid_grant')
      throw cloudFailure('invalid_credentials');
    if (res.status === 403) throw cloudFailure('permission_denied');
    throw cloudFailure('unreachable', `Google answered ${res.status}.`);
  }

  /** A Storage client authenticated with a token for this key. */
  async storage(key: GcpKey): Promise<Storage> {
    const { token, expiresAt } = await this.accessToken(key);
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: token, expiry_date: expiresAt.getTime() });
    return new Storage({
      projectId: key.projectId,
      authClient,
      apiEndpoint: this.endpoints.gcpStorageEndpoint,
      useAuthWithCustomEndpoint: true,
      retryOptions: { autoRetry: false },
      timeout: this.endpoints.timeoutMs,
    });
  }

  /** Proves the key with a bucket listing in its project. */
  async verify(key: GcpKey): Promise<void> {
    const storage = await this.storage(key);
    try {
      await storage.getBuckets({ maxResults: 1, project: key.projectId });
    } catch (error) {
      throw gcpFailure(error);
    }
  }
}

export function gcpFailure(error: unknown) {
  if (isCloudFailure(error)) return error;
  const code = (error as { code?: number | string })?.code;
  if (code === 401) return cloudFailure('invalid_credentials');
  if (code === 403) return cloudFailure('permission_denied');
  if (code === 404) return cloudFailure('storage_not_found');
  if (isNetworkError(error)) return cloudFailure('unreachable');
  return cloudFailure('unreachable', `Google answered unexpectedly (${String(code ?? 'error')}).`);
}
