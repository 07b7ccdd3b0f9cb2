import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OrgUsageCallerGuard } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { OrgUsageRepository } from './org-usage.repository';

@Controller()
export class OrgUsageHandlers {
  constructor(private readonly repository: OrgUsageRepository) {}

  /** Internal: accounts only (ORG_USAGE_TOKEN), before an organization is erased. */
  @RpcHandler('cloud.org.usage')
  @UseGuards(OrgUsageCallerGuard)
  async usage(
    @Payload() req: RequestData<'cloud.org.usage'>,
  ): Promise<ReplyInit<'cloud.org.usage'>> {
    return { orgIdsInUse: await this.repository.orgsInUse(req.orgIds) };
  }
}
