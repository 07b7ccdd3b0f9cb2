import { Injectable } from '@nestjs/common';
import type { Principal } from '@strata/authz';
import { notFound } from '@strata/errors';
import { OrganizationLifecycleRepository } from './organization-lifecycle.repository';

/** One organization the caller is a member of (active or not): their role, its member count. */
@Injectable()
export class GetOrganization {
  constructor(private readonly orgs: OrganizationLifecycleRepository) {}

  async run(caller: Principal, orgId: string) {
    const found = await this.orgs.membershipWithCount(orgId, caller.userId);
    if (!found) throw notFound('accounts.org_not_found', 'No such organization of yours.');
    return found;
  }
}
