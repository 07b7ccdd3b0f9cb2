import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, Principal } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { AccountInput } from './account-verifier';
import { accountView, environmentName } from './account-view';
import { AccountsService } from './accounts.service';

function inputOf(credentials: RequestData<'cloud.account.create'>['credentials']): AccountInput {
  switch (credentials.case) {
    case 'aws':
      return {
        provider: 'aws',
        secret: {
          accessKeyId: credentials.value.accessKeyId,
          secretAccessKey: credentials.value.secretAccessKey,
        },
        roleArn: credentials.value.roleArn,
      };
    case 'azure':
      return {
        provider: 'azure',
        secret: { clientSecret: credentials.value.clientSecret },
        tenantId: credentials.value.tenantId,
        clientId: credentials.value.clientId,
        subscriptionId: credentials.value.subscriptionId,
      };
    case 'gcp':
      return { provider: 'gcp', secret: { keyJson: credentials.value.keyJson } };
    default:
      // The contract requires one of them.
      throw new Error('no credentials');
  }
}

@Controller()
export class AccountsHandlers {
  constructor(private readonly accounts: AccountsService) {}

  @RpcHandler('cloud.account.create')
  @Authorized('cloud_accounts.manage')
  async create(
    @Payload() req: RequestData<'cloud.account.create'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cloud.account.create'>> {
    const account = await this.accounts.create(
      caller,
      req.orgId,
      req.name,
      environmentName(req.environment),
      inputOf(req.credentials),
    );
    return accountView(account);
  }

  @RpcHandler('cloud.account.list')
  @Authorized('cloud_accounts.read')
  async list(
    @Payload() req: RequestData<'cloud.account.list'>,
  ): Promise<ReplyInit<'cloud.account.list'>> {
    return { accounts: (await this.accounts.list(req.orgId)).map(accountView) };
  }

  @RpcHandler('cloud.account.get')
  @Authorized('cloud_accounts.read')
  async get(
    @Payload() req: RequestData<'cloud.account.get'>,
  ): Promise<ReplyInit<'cloud.account.get'>> {
    return accountView(await this.accounts.get(req.orgId, req.id));
  }

  @RpcHandler('cloud.account.rename')
  @Authorized('cloud_accounts.manage')
  async rename(
    @Payload() req: RequestData<'cloud.account.rename'>,
  ): Promise<ReplyInit<'cloud.account.rename'>> {
    return accountView(await this.accounts.rename(req.orgId, req.id, req.name));
  }

  @RpcHandler('cloud.account.verify')
  @Authorized('cloud_accounts.manage')
  async verify(
    @Payload() req: RequestData<'cloud.account.verify'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cloud.account.verify'>> {
    return accountView(await this.accounts.reverify(caller, req.orgId, req.id));
  }

  @RpcHandler('cloud.account.delete')
  @Authorized('cloud_accounts.manage')
  async delete(
    @Payload() req: RequestData<'cloud.account.delete'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cloud.account.delete'>> {
    await this.accounts.delete(caller, req.orgId, req.id);
    return {};
  }
}
