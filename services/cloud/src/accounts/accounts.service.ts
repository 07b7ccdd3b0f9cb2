import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '@strata/errors';
import { createLogger } from '@strata/logging';
import { EventBus } from '@strata/messaging';
import type { Principal } from '@strata/authz';
import { PrismaService } from '../database/prisma.service';
import type { CloudAccount } from '../generated/prisma/client';
import { sealedOf, SecretStore } from '../crypto/secret-store';
import { isCloudFailure } from '../providers/cloud-errors';
import { AccountDetails, Provider } from './account-secrets';
import { DeletingOrganizationsRepository } from '../org-teardown/deleting-organizations.repository';
import { AccountInput, AccountVerifier } from './account-verifier';
import { EnvironmentName, PROVIDER_TO_PROTO } from './account-view';

export const accountNotFound = () => notFound('cloud.account_not_found', 'No such cloud account.');

/** Cloud accounts: verify, then persist with the secret sealed; list, rename, re-verify, delete. */
@Injectable()
export class AccountsService {
  private readonly logger = createLogger('cloud').child({ component: 'accounts' });

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: EventBus,
    private readonly secrets: SecretStore,
    private readonly verifier: AccountVerifier,
    private readonly deleting: DeletingOrganizationsRepository,
  ) {}

  /** Nothing is saved when verification fails; the failure is an event and a 422. */
  async create(
    caller: Principal,
    orgId: string,
    name: string,
    environment: EnvironmentName,
    input: AccountInput,
  ): Promise<CloudAccount> {
    let details: AccountDetails;
    try {
      details = await this.verifier.verify(input);
    } catch (error) {
      await this.failed(error, { orgId, accountId: '', provider: input.provider, caller });
      throw error;
    }
    const id = randomUUID();
    const sealed = this.secrets.sealJson(input.secret, { recordId: id, orgId });
    const account = await this.prisma.$transaction(async (tx) => {
      await this.deleting.assertOpen(tx, orgId);
      const created = await tx.cloudAccount.create({
        data: {
          id,
          orgId,
          name,
          provider: input.provider,
          environment,
          status: 'verified',
          details: details as object,
          secretCiphertext: new Uint8Array(sealed.ciphertext),
          wrappedDataKey: new Uint8Array(sealed.wrappedDataKey),
          masterKeyId: sealed.masterKeyId,
          createdBy: caller.userId,
          verifiedAt: new Date(),
        },
      });
      await this.bus.outbox!.add(tx, 'evt.cloud.account.verified', {
        orgId,
        accountId: id,
        provider: PROVIDER_TO_PROTO[input.provider],
        actorUserId: caller.userId,
        created: true,
        name,
      });
      return created;
    });
    this.logger.info(
      { orgId, cloudAccountId: id, provider: input.provider, userId: caller.userId },
      'cloud account added',
    );
    return account;
  }

  list(orgId: string): Promise<CloudAccount[]> {
    return this.prisma.cloudAccount.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' } });
  }

  async get(orgId: string, id: string): Promise<CloudAccount> {
    const account = await this.prisma.cloudAccount.findFirst({ where: { id, orgId } });
    if (!account) throw accountNotFound();
    return account;
  }

  async rename(orgId: string, id: string, name: string): Promise<CloudAccount> {
    const { count } = await this.prisma.cloudAccount.updateMany({
      where: { id, orgId },
      data: { name },
    });
    if (count === 0) throw accountNotFound();
    return this.get(orgId, id);
  }

  /** Re-verifies the stored credentials; the status is saved either way. */
  async reverify(caller: Principal, orgId: string, id: string): Promise<CloudAccount> {
    const account = await this.get(orgId, id);
    const provider = account.provider as Provider;
    const input = AccountVerifier.inputOf(
      provider,
      account.details as unknown as AccountDetails,
      this.secretOf(account),
    );
    try {
      const details = await this.verifier.verify(input);
      return await this.prisma.$transaction(async (tx) => {
        const updated = await tx.cloudAccount.update({
          where: { id },
          data: {
            status: 'verified',
            lastErrorCode: null,
            verifiedAt: new Date(),
            details: details as object,
          },
        });
        await this.bus.outbox!.add(tx, 'evt.cloud.account.verified', {
          orgId,
          accountId: id,
          provider: PROVIDER_TO_PROTO[provider],
          actorUserId: caller.userId,
          name: updated.name,
        });
        return updated;
      });
    } catch (error) {
      if (!isCloudFailure(error)) throw error;
      await this.failed(error, { orgId, accountId: id, provider, caller });
      throw error;
    }
  }

  async delete(caller: Principal, orgId: string, id: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const account = await tx.cloudAccount.findFirst({ where: { id, orgId } });
      const { count } = await tx.cloudAccount.deleteMany({ where: { id, orgId } });
      if (count === 0 || !account) throw accountNotFound();
      await this.bus.outbox!.add(tx, 'evt.cloud.account.deleted', {
        orgId,
        accountId: id,
        actorUserId: caller.userId,
        name: account.name,
      });
    });
    this.logger.info({ orgId, cloudAccountId: id, userId: caller.userId }, 'cloud account deleted');
  }

  /** The decrypted secret payload of an account (kept in memory only). */
  secretOf<T = unknown>(account: CloudAccount): T {
    return this.secrets.openJson<T>(sealedOf(account), {
      recordId: account.id,
      orgId: account.orgId,
    });
  }

  private async failed(
    error: unknown,
    where: { orgId: string; accountId: string; provider: Provider; caller: Principal },
  ): Promise<void> {
    if (!isCloudFailure(error)) return;
    const code = (error as DomainError).code;
    this.logger.info(
      {
        orgId: where.orgId,
        cloudAccountId: where.accountId || undefined,
        provider: where.provider,
        // Not `code`: the log redaction list hides every `code` (OAuth codes).
        errorCode: code,
      },
      'cloud account verification failed',
    );
    await this.prisma.$transaction(async (tx) => {
      if (where.accountId)
        await tx.cloudAccount.update({
          where: { id: where.accountId },
          data: { status: 'failed', lastErrorCode: code },
        });
      await this.bus.outbox!.add(tx, 'evt.cloud.account.verification_failed', {
        orgId: where.orgId,
        accountId: where.accountId,
        provider: PROVIDER_TO_PROTO[where.provider],
        code,
        actorUserId: where.caller.userId,
      });
    });
  }
}
