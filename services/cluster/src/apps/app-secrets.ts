import { Inject, Injectable } from '@nestjs/common';
import { EnvelopeCipher, keyRingSource, loadKeyRing, type SecretBinding } from '@strata/crypto';
import { createLogger } from '@strata/logging';
import { CLUSTER_CONFIG, type ClusterConfig } from '../config';

/** What an app keeps sealed: the catalog's generated secrets and the secret settings. */
export interface AppSecrets {
  generated: Record<string, string>;
  settings: Record<string, string>;
}

/** The sealed columns of an app row. */
export interface SealedColumns {
  secretCiphertext: Uint8Array<ArrayBuffer>;
  wrappedDataKey: Uint8Array<ArrayBuffer>;
  masterKeyId: string;
}

/** `strata.cluster.app-secrets|<app id>|<org id>`: a row copied to another app does not open. */
const binding = (appId: string, orgId: string): SecretBinding => ({
  domain: 'strata.cluster.app-secrets',
  parts: [appId, orgId],
});

/**
 * Seals apps' secrets at rest with the cluster service's master keys (CLUSTER_MASTER_KEYS,
 * CLUSTER_ACTIVE_KEY_ID; a development key file outside production), as the cloud service does.
 * They leave the service only in a run's Secret (APP_VALUES_YAML) and the admin-credentials read.
 */
@Injectable()
export class AppSecretStore extends EnvelopeCipher {
  constructor(@Inject(CLUSTER_CONFIG) config: ClusterConfig) {
    const logger = createLogger('cluster').child({ component: 'app-secrets' });
    const ring = loadKeyRing(keyRingSource('CLUSTER', config), (message) => logger.warn(message));
    super(ring);
    logger.info({ activeKeyId: ring.activeKeyId }, 'master keys loaded');
  }

  seal(appId: string, orgId: string, secrets: AppSecrets): SealedColumns {
    const sealed = this.encrypt(JSON.stringify(secrets), binding(appId, orgId));
    return {
      secretCiphertext: new Uint8Array(sealed.ciphertext),
      wrappedDataKey: new Uint8Array(sealed.wrappedDataKey),
      masterKeyId: sealed.masterKeyId,
    };
  }

  open(app: {
    id: string;
    orgId: string;
    secretCiphertext: Uint8Array | null;
    wrappedDataKey: Uint8Array | null;
    masterKeyId: string | null;
  }): AppSecrets {
    if (!app.secretCiphertext || !app.wrappedDataKey || !app.masterKeyId)
      return { generated: {}, settings: {} };
    const text = this.decrypt(
      {
        ciphertext: Buffer.from(app.secretCiphertext),
        wrappedDataKey: Buffer.from(app.wrappedDataKey),
        masterKeyId: app.masterKeyId,
      },
      binding(app.id, app.orgId),
    );
    return JSON.parse(text) as AppSecrets;
  }
}
