import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import {
  AwsDetails,
  AwsSecretPayload,
  AzureDetails,
  AzureSecretPayload,
  GcpSecretPayload,
} from '../accounts/account-secrets';
import { awsFailure, AwsProvider } from '../providers/aws.provider';
import { azureFailure, AzureProvider } from '../providers/azure.provider';
import { cloudFailure, isCloudFailure } from '../providers/cloud-errors';
import { CloudEndpoints } from '../providers/cloud-endpoints';
import { gcpFailure, GcpProvider } from '../providers/gcp.provider';
import { parseGcpKey } from '../providers/gcp-key';

export type ConnectorTarget =
  | { kind: 's3'; bucket: string; region: string }
  | { kind: 'azure_blob'; storageAccount: string; container: string }
  | { kind: 'gcs'; bucket: string };

/** The account a connector uses, with its decrypted secret (in memory only). */
export type ProbeAccount =
  | { provider: 'aws'; details: AwsDetails; secret: AwsSecretPayload }
  | { provider: 'azure'; details: AzureDetails; secret: AzureSecretPayload }
  | { provider: 'gcp'; secret: GcpSecretPayload };

const PROBE_PREFIX = '.strata-probe/';

/**
 * Proves a connector: writes a small random object with the account's credentials, reads it
 * back (same bytes), and deletes it. Endpoints come from the names and the configuration only.
 */
@Injectable()
export class StorageProbe {
  constructor(
    private readonly endpoints: CloudEndpoints,
    private readonly aws: AwsProvider,
    private readonly azure: AzureProvider,
    private readonly gcp: GcpProvider,
  ) {}

  async probe(target: ConnectorTarget, account: ProbeAccount): Promise<void> {
    const name = `${PROBE_PREFIX}${randomUUID()}`;
    const body = randomBytes(32);
    if (target.kind === 's3' && account.provider === 'aws')
      return this.s3(target, account, name, body);
    if (target.kind === 'azure_blob' && account.provider === 'azure')
      return this.blob(target, account, name, body);
    if (target.kind === 'gcs' && account.provider === 'gcp')
      return this.gcs(target, account, name, body);
    throw cloudFailure(
      'invalid_credentials',
      'The connector and the cloud account are of different clouds.',
    );
  }

  private async s3(
    target: Extract<ConnectorTarget, { kind: 's3' }>,
    account: Extract<ProbeAccount, { provider: 'aws' }>,
    key: string,
    body: Buffer,
  ): Promise<void> {
    const credentials = account.details.roleArn
      ? await this.aws.issue(account.secret, account.details.roleArn, 'strata-connector-probe')
      : account.secret;
    const s3 = new S3Client({
      region: target.region,
      endpoint: this.endpoints.s3Endpoint,
      forcePathStyle: this.endpoints.s3Endpoint !== undefined,
      credentials,
      maxAttempts: 1,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        requestTimeout: this.endpoints.timeoutMs,
        connectionTimeout: this.endpoints.timeoutMs,
      },
    });
    try {
      await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: body }));
      const got = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
      const read = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
      await s3.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: key }));
      if (!read.equals(body))
        throw cloudFailure('unreachable', 'The probe object read back differently.');
    } catch (error) {
      throw isCloudFailure(error) ? error : awsFailure(error);
    } finally {
      s3.destroy();
    }
  }

  private async blob(
    target: Extract<ConnectorTarget, { kind: 'azure_blob' }>,
    account: Extract<ProbeAccount, { provider: 'azure' }>,
    name: string,
    body: Buffer,
  ): Promise<void> {
    const credential = this.azure.credential({
      tenantId: account.details.tenantId,
      clientId: account.details.clientId,
      clientSecret: account.secret.clientSecret,
    });
    const service = new BlobServiceClient(
      this.endpoints.azureBlobUrl(target.storageAccount),
      credential,
      {
        retryOptions: { maxTries: 1, tryTimeoutInMs: this.endpoints.timeoutMs },
      },
    );
    const blob = service.getContainerClient(target.container).getBlockBlobClient(name);
    try {
      await blob.uploadData(body);
      const read = await blob.downloadToBuffer();
      await blob.delete();
      if (!read.equals(body))
        throw cloudFailure('unreachable', 'The probe blob read back differently.');
    } catch (error) {
      throw isCloudFailure(error) ? error : azureFailure(error);
    }
  }

  private async gcs(
    target: Extract<ConnectorTarget, { kind: 'gcs' }>,
    account: Extract<ProbeAccount, { provider: 'gcp' }>,
    name: string,
    body: Buffer,
  ): Promise<void> {
    try {
      const key = parseGcpKey(account.secret.keyJson, this.endpoints.trustedOrigins);
      const file = (await this.gcp.storage(key)).bucket(target.bucket).file(name);
      await file.save(body, { resumable: false, validation: false });
      const [read] = await file.download({ validation: false });
      await file.delete();
      if (!read.equals(body))
        throw cloudFailure('unreachable', 'The probe object read back differently.');
    } catch (error) {
      throw gcpFailure(error);
    }
  }
}
