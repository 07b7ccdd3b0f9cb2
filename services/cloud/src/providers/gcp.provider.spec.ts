import { generateKeyPairSync } from 'node:crypto';
import { startGoogleCloudStandIn, type GoogleCloudStandIn } from '@strata/testing';
import type { CloudEndpoints } from './cloud-endpoints';
import { CLOUD_PLATFORM_SCOPE, GcpProvider } from './gcp.provider';

describe('GCP access tokens (JWT-bearer grant against the Google stand-in)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = {
    projectId: 'strata-gke',
    clientEmail: 'gke@strata-gke.iam.gserviceaccount.com',
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKeyId: 'k1',
  };
  let google: GoogleCloudStandIn;
  let gcp: GcpProvider;
  beforeAll(async () => {
    google = await startGoogleCloudStandIn({
      serviceAccounts: [{ clientEmail: key.clientEmail, projectId: key.projectId, publicKey }],
    });
    gcp = new GcpProvider({ gcpTokenUrl: google.tokenUrl, timeoutMs: 5000 } as CloudEndpoints);
  });
  afterAll(() => google.stop());

  it('asks for cloud-platform for a GKE token, and the storage scope by default', async () => {
    const gke = await gcp.accessToken(key, CLOUD_PLATFORM_SCOPE);
    expect(gke.token).toMatch(/^ya29\./);
    expect(gke.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(google.grants.at(-1)).toEqual({
      clientEmail: key.clientEmail,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
    });
    await gcp.accessToken(key);
    expect(google.grants.at(-1)?.scope).toBe(
      'https://www.googleapis.com/auth/devstorage.read_write',
    );
  });
});
