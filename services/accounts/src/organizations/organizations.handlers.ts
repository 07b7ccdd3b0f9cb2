import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, Principal, Role, roleToProto } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { asRole } from '../profiles/profiles.service';
import { OrganizationsService } from './organizations.service';

interface OrgRow {
  id: string;
  name: string;
  personal: boolean;
  createdAt: Date;
}

const toOrganization = (org: OrgRow, role: Role, active: boolean) => ({
  id: org.id,
  name: org.name,
  personal: org.personal,
  role: roleToProto(role),
  createdAt: timestampFromDate(org.createdAt),
  active,
});

@Controller()
export class OrganizationsHandlers {
  constructor(private readonly orgs: OrganizationsService) {}

  @RpcHandler('accounts.org.create')
  @Authorized()
  async create(
    @Payload() req: RequestData<'accounts.org.create'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.org.create'>> {
    const org = await this.orgs.create(caller, req.name);
    return toOrganization(org, 'owner', false);
  }

  @RpcHandler('accounts.org.update')
  @Authorized('org.update')
  async update(
    @Payload() req: RequestData<'accounts.org.update'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.org.update'>> {
    const { org, role } = await this.orgs.rename(caller, req.orgId, req.name);
    return toOrganization(org, role, caller.orgId === org.id);
  }

  @RpcHandler('accounts.org.list')
  @Authorized()
  async list(@Caller() caller: Principal): Promise<ReplyInit<'accounts.org.list'>> {
    const { memberships, activeOrgId } = await this.orgs.listMine(caller);
    return {
      organizations: memberships.map((m) =>
        toOrganization(m.organization, asRole(m.role), m.orgId === activeOrgId),
      ),
    };
  }
}
