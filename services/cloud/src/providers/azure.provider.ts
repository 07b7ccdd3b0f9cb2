import { Injectable } from '@nestjs/common';
import { ClientSecretCredential } from '@azure/identity';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { cloudFailure, isNetworkError } from './cloud-errors';
import { CloudEndpoints } from './cloud-endpoints';

export interface AzureSecret {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export const ARM_SCOPE = 'https://management.azure.com/.default';

/** Azure: a ClientSecretCredential token, then the ARM subscription list. */
@Injectable()
export class AzureProvider {
  constructor(private readonly endpoints: CloudEndpoints) {}

  credential(secret: AzureSecret): ClientSecretCredential {
    const authorityHost = this.endpoints.azureAuthorityHost;
    return new ClientSecretCredential(secret.tenantId, secret.clientId, secret.clientSecret, {
      authorityHost,
      // A configured (private or test) authority is trusted as is: no instance discovery
      // round trip to login.microsoftonline.com.
      disableInstanceDiscovery: authorityHost !== undefined,
      retryOptions: { maxRetries: 0 },
    });
  }

  /** Proves the secret and that `subscriptionId` is visible to it; returns its display name. */
  async verify(secret: AzureSecret, subscriptionId: string): Promise<{ subscriptionName: string }> {
    const credential = this.credential(secret);
    try {
      await credential.getToken(ARM_SCOPE, {
        abortSignal: AbortSignal.timeout(this.endpoints.timeoutMs),
      });
    } catch (error) {
      throw await this.tokenFailure(error, secret.tenantId);
    }
    const client = new SubscriptionClient(credential, {
      endpoint: this.endpoints.azureArmEndpoint,
      credentialScopes: [ARM_SCOPE],
      retryOptions: { maxRetries: 0 },
    });
    try {
      for await (const subscription of client.subscriptions.list({
        abortSignal: AbortSignal.timeout(this.endpoints.timeoutMs),
      })) {
        if (subscription.subscriptionId?.toLowerCase() === subscriptionId.toLowerCase())
          return { subscriptionName: subscription.displayName ?? '' };
      }
    } catch (error) {
      throw azureFailure(error);
    }
    throw cloudFailure('subscription_not_found');
  }

  /**
   * MSAL reports an authority that refused endpoint discovery (an unknown tenant: 400
   * AADSTS90002 on the tenant's openid-configuration) exactly as one it could not reach
   * (endpoints_resolution_error, no status). When the token step looks unreachable, ask the
   * discovery document once ourselves to tell the two apart.
   */
  private async tokenFailure(error: unknown, tenantId: string) {
    const failure = azureFailure(error);
    if (failure.code !== 'cloud.unreachable') return failure;
    const host = this.endpoints.azureAuthorityHost ?? 'https://login.microsoftonline.com';
    const url = `${host.replace(/\/$/, '')}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
    try {
      const res = await fetch(url, {
        redirect: 'error',
        signal: AbortSignal.timeout(this.endpoints.timeoutMs),
      });
      const body = (await res.json().catch(() => ({}))) as {
        error?: string;
        error_description?: string;
      };
      if (
        res.status >= 400 &&
        res.status < 500 &&
        (body.error || /AADSTS\d+/.test(body.error_description ?? ''))
      )
        return cloudFailure(
          'invalid_credentials',
          'The tenant is not known to Microsoft Entra ID.',
        );
    } catch {
      // Not reachable either: unreachable it is.
    }
    return failure;
  }
}

/** @azure/identity and ARM errors to platform codes. */
export function azureFailure(error: unknown) {
  const e = error as {
    statusCode?: number;
    code?: string;
    errorResponse?: { error?: string; errorDescription?: string; errorCodes?: number[] };
    message?: string;
  };
  const aad = e?.errorResponse;
  const text = `${aad?.errorDescription ?? ''} ${e?.message ?? ''}`;
  // AADSTS7000222: the client secret has expired.
  if (/AADSTS7000222/.test(text) || aad?.errorCodes?.includes(7000222))
    return cloudFailure('credentials_expired');
  if (aad?.error && aad.error !== 'temporarily_unavailable')
    return cloudFailure('invalid_credentials');
  if (/AADSTS\d+/.test(text)) return cloudFailure('invalid_credentials');
  if (e?.statusCode === 401) return cloudFailure('invalid_credentials');
  if (e?.statusCode === 403) {
    if (e.code === 'AuthenticationFailed') return cloudFailure('invalid_credentials');
    return cloudFailure('permission_denied');
  }
  if (e?.statusCode === 404 && /Container|Blob|Account/i.test(e.code ?? ''))
    return cloudFailure('storage_not_found');
  if (isNetworkError(error) || e?.statusCode === undefined) return cloudFailure('unreachable');
  return cloudFailure('unreachable', `Azure answered unexpectedly (${e.statusCode}).`);
}
