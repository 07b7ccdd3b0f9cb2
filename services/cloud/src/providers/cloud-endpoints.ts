import { Inject, Injectable } from '@nestjs/common';
import { CLOUD_CONFIG, CloudConfig } from '../config';
import { parseTrustedOrigins } from '../ssrf/trusted-endpoints';

export const GCP_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/**
 * Where the clouds are. The defaults are the public clouds; the environment may point them
 * elsewhere (tests, private clouds). Nothing here is ever taken from a request.
 */
@Injectable()
export class CloudEndpoints {
  readonly timeoutMs: number;
  readonly stsEndpoint?: string;
  readonly s3Endpoint?: string;
  readonly azureAuthorityHost?: string;
  readonly azureArmEndpoint: string;
  readonly gcpTokenUrl: string;
  readonly gcpStorageEndpoint?: string;
  readonly trustedOrigins: string[];
  private readonly blobTemplate: string;

  constructor(@Inject(CLOUD_CONFIG) config: CloudConfig) {
    this.timeoutMs = config.CLOUD_VERIFY_TIMEOUT_MS;
    this.stsEndpoint = config.CLOUD_AWS_STS_ENDPOINT;
    this.s3Endpoint = config.CLOUD_S3_ENDPOINT;
    this.azureAuthorityHost = config.CLOUD_AZURE_AUTHORITY_HOST;
    this.azureArmEndpoint = config.CLOUD_AZURE_ARM_ENDPOINT ?? 'https://management.azure.com';
    this.gcpTokenUrl = config.CLOUD_GCP_TOKEN_URL ?? GCP_TOKEN_URL;
    this.gcpStorageEndpoint = config.CLOUD_GCP_STORAGE_ENDPOINT;
    this.trustedOrigins = parseTrustedOrigins(config.CLOUD_TRUSTED_ENDPOINTS);
    this.blobTemplate =
      config.CLOUD_AZURE_BLOB_ENDPOINT ?? 'https://{account}.blob.core.windows.net';
  }

  /** The blob endpoint of a storage account (the name is validated by the contract). */
  azureBlobUrl(storageAccount: string): string {
    return this.blobTemplate.replace('{account}', storageAccount);
  }
}
