import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, Principal, Role, roleToProto } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { OrganizationState } from '@strata/proto';
import { asRole } from '../profiles/profiles.service';
import { DeleteOrganization } from './delete-organization';
import { GetOrganization } from './get-organization';
import { OrganizationsService } from './organizations.service';

interface OrgRow {
  id: string;
  name: string;
  personal: boolean;
  state: string;
  createdAt: Date;
}

const toOrganization = (org: OrgRow, role: Role, active: boolean, memberCount?: number) => ({
  id: org.id,
  name: org.name,
  personal: org.personal,
  role: roleToProto(role),
  createdAt: timestampFromDate(org.createdAt),
  active,
  state: org.state === 'DELETING' ? OrganizationState.DELETING : OrganizationState.ACTIVE,
  memberCount,
});

@Controller()
export class OrganizationsHandlers {
  constructor(
    private readonly orgs: OrganizationsService,
    private readonly getOrganization: GetOrganization,
    private readonly deleteOrganization: DeleteOrganization,
  ) {}

  /** Any organization the caller is a member of, active or not. */
  @RpcHandler('accounts.org.get')
  @Authorized()
  async get(
    @Payload() req: RequestData<'accounts.org.get'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.org.get'>> {
    const { membership, members } = await this.getOrganization.run(caller, req.orgId);
    return toOrganization(
      membership.organization,
      asRole(membership.role),
      caller.orgId === req.orgId,
      members,
    );
  }

  @RpcHandler('accounts.org.delete')
  @Authorized('org.delete')
  async delete(
    @Payload() req: RequestData<'accounts.org.delete'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.org.delete'>> {
    const { org, role } = await this.deleteOrganization.run(caller, req.orgId, req.teardown);
    return toOrganization(org, role, caller.orgId === org.id);
  }

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
