import { Injectable } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DomainError, notFound } from '@strata/errors';
import { createLogger } from '@strata/logging';
import { EventBus, ReplyInit } from '@strata/messaging';
import { ConnectorKind } from '@strata/proto';
import { AwsDetails, AzureDetails } from '../accounts/account-secrets';
import { AccountsService } from '../accounts/accounts.service';
import { PrismaService } from '../database/prisma.service';
import type { CloudAccount, StorageConnector } from '../generated/prisma/client';
import { DeletingOrganizationsRepository } from '../org-teardown/deleting-organizations.repository';
import { isCloudFailure } from '../providers/cloud-errors';
import { ConnectorTarget, ProbeAccount, StorageProbe } from './storage-probe';

const KIND_TO_PROTO = {
  s3: ConnectorKind.S3,
  azure_blob: ConnectorKind.AZURE_BLOB,
  gcs: ConnectorKind.GCS,
} as const;

export const connectorNotFound = () =>
  notFound('cloud.connector_not_found', 'No such storage connector.');

type Stored = Omit<ConnectorTarget, 'kind'>;

export function connectorView(row: StorageConnector): ReplyInit<'cloud.connector.get'> {
  const kind = row.kind as ConnectorTarget['kind'];
  const stored = row.target as Record<string, string>;
  const target =
    kind === 's3'
      ? { case: 's3' as const, value: { bucket: stored.bucket, region: stored.region } }
      : kind === 'azure_blob'
        ? {
            case: 'azureBlob' as const,
            value: { storageAccount: stored.storageAccount, container: stored.container },
          }
        : { case: 'gcs' as const, value: { bucket: stored.bucket } };
  return {
    id: row.id,
    orgId: row.orgId,
    cloudAccountId: row.cloudAccountId,
    name: row.name,
    kind: KIND_TO_PROTO[kind],
    target,
    status: row.status,
    lastErrorCode: row.lastErrorCode ?? '',
    verifiedAt: row.verifiedAt ? timestampFromDate(row.verifiedAt) : undefined,
    createdAt: timestampFromDate(row.createdAt),
  };
}

/** Storage connectors: each tied to a cloud account of the same org and proved with a probe. */
@Injectable()
export class ConnectorsService {
  private readonly logger = createLogger('cloud').child({ component: 'connectors' });

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: EventBus,
    private readonly accounts: AccountsService,
    private readonly probe: StorageProbe,
    private readonly deleting: DeletingOrganizationsRepository,
  ) {}

  async create(orgId: string, accountId: string, name: string, target: ConnectorTarget) {
    // Same org only: another org's account is simply not found.
    const account = await this.accounts.get(orgId, accountId);
    await this.prove(account, target, { orgId, connectorId: '' });
    const { kind, ...stored } = target;
    return this.prisma.$transaction(async (tx) => {
      await this.deleting.assertOpen(tx, orgId);
      const created = await tx.storageConnector.create({
        data: {
          orgId,
          cloudAccountId: accountId,
          name,
          kind,
          target: stored as Stored,
          status: 'verified',
          verifiedAt: new Date(),
        },
      });
      await this.bus.outbox!.add(tx, 'evt.cloud.connector.verified', {
        orgId,
        connectorId: created.id,
        cloudAccountId: accountId,
        kind: KIND_TO_PROTO[kind],
      });
      return created;
    });
  }

  list(orgId: string) {
    return this.prisma.storageConnector.findMany({
      where: { orgId },
      orderBy: { createdAt: 'asc' },
    });
  }

  async get(orgId: string, id: string) {
    const found = await this.prisma.storageConnector.findFirst({ where: { id, orgId } });
    if (!found) throw connectorNotFound();
    return found;
  }

  async reverify(orgId: string, id: string) {
    const connector = await this.get(orgId, id);
    const account = await this.accounts.get(orgId, connector.cloudAccountId);
    const target = { kind: connector.kind, ...(connector.target as object) } as ConnectorTarget;
    await this.prove(account, target, { orgId, connectorId: id });
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.storageConnector.update({
        where: { id },
        data: { status: 'verified', lastErrorCode: null, verifiedAt: new Date() },
      });
      await this.bus.outbox!.add(tx, 'evt.cloud.connector.verified', {
        orgId,
        connectorId: id,
        cloudAccountId: account.id,
        kind: KIND_TO_PROTO[target.kind],
      });
      return updated;
    });
  }

  async delete(orgId: string, id: string, actorUserId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const connector = await tx.storageConnector.findFirst({ where: { id, orgId } });
      const { count } = await tx.storageConnector.deleteMany({ where: { id, orgId } });
      if (count === 0 || !connector) throw connectorNotFound();
      await this.bus.outbox!.add(tx, 'evt.cloud.connector.deleted', {
        orgId,
        connectorId: id,
        actorUserId,
        name: connector.name,
      });
    });
  }

  private async prove(
    account: CloudAccount,
    target: ConnectorTarget,
    where: { orgId: string; connectorId: string },
  ): Promise<void> {
    try {
      await this.probe.probe(target, this.probeAccount(account));
    } catch (error) {
      if (!isCloudFailure(error)) throw error;
      const code = (error as DomainError).code;
      this.logger.info(
        {
          orgId: where.orgId,
          connectorId: where.connectorId || undefined,
          cloudAccountId: account.id,
          // Not `code`: the log redaction list hides every `code` (OAuth codes).
          errorCode: code,
        },
        'storage connector verification failed',
      );
      await this.prisma.$transaction(async (tx) => {
        if (where.connectorId)
          await tx.storageConnector.update({
            where: { id: where.connectorId },
            data: { status: 'failed', lastErrorCode: code },
          });
        await this.bus.outbox!.add(tx, 'evt.cloud.connector.verification_failed', {
          orgId: where.orgId,
          connectorId: where.connectorId,
          cloudAccountId: account.id,
          kind: KIND_TO_PROTO[target.kind],
          code,
        });
      });
      throw error;
    }
  }

  private probeAccount(account: CloudAccount): ProbeAccount {
    switch (account.provider) {
      case 'aws':
        return {
          provider: 'aws',
          details: account.details as unknown as AwsDetails,
          secret: this.accounts.secretOf(account),
        };
      case 'azure':
        return {
          provider: 'azure',
          details: account.details as unknown as AzureDetails,
          secret: this.accounts.secretOf(account),
        };
      default:
        return { provider: 'gcp', secret: this.accounts.secretOf(account) };
    }
  }
}
