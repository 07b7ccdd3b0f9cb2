import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, Principal } from '@strata/authz';
import { forbidden } from '@strata/errors';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { KeyRotation } from '../crypto/key-rotation';
import { CredentialsService } from './credentials.service';
import { IssueKubeToken } from './issue-kube-token';
import { InternalCallerGuard } from './internal-caller.guard';

@Controller()
export class CredentialsHandlers {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly rotation: KeyRotation,
    private readonly kubeTokens: IssueKubeToken,
  ) {}

  /** Internal: the cluster service only (service credential), never a user, never HTTP. */
  @RpcHandler('cloud.credentials.issue')
  @UseGuards(InternalCallerGuard)
  issue(
    @Payload() req: RequestData<'cloud.credentials.issue'>,
  ): Promise<ReplyInit<'cloud.credentials.issue'>> {
    return this.credentials.issue(req.orgId, req.cloudAccountId, req.purpose);
  }

  /** Internal, like cloud.credentials.issue: a bearer token for a managed cluster's API (never logged). */
  @RpcHandler('cloud.kube_token.issue')
  @UseGuards(InternalCallerGuard)
  kubeToken(
    @Payload() req: RequestData<'cloud.kube_token.issue'>,
  ): Promise<ReplyInit<'cloud.kube_token.issue'>> {
    return this.kubeTokens.execute(
      req.orgId,
      req.cloudAccountId,
      req.clusterName,
      req.region,
      req.purpose,
    );
  }

  /** Platform admins: re-wrap every data key under the active master key. */
  @RpcHandler('cloud.keys.rotate')
  @Authorized()
  async rotate(@Caller() caller: Principal): Promise<ReplyInit<'cloud.keys.rotate'>> {
    if (!caller.platformAdmin)
      throw forbidden('platform.forbidden', 'This needs a platform admin.');
    return this.rotation.rotate();
  }
}
