import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { parseCursor, parseLimit } from '../http/list-query';
import { uuidParam } from '../orgs/views';
import { parseAuditLogQuery } from './audit-log.query';

const at = (iso: string | undefined) => (iso ? timestampFromDate(new Date(iso)) : undefined);

/** The organization's audit log: read only (there is no route that changes an entry). */
@ApiTags('audit log')
@Controller('api/v1/orgs/:orgId/audit-log')
@UseGuards(AccessTokenGuard)
export class AuditLogController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary:
      'Who did what and when in my active organization, newest first (admin or owner; filters; cursor pages)',
  })
  @ApiQuery({ name: 'actor', required: false, description: 'a user id' })
  @ApiQuery({ name: 'action', required: false, description: 'e.g. cluster.run.started' })
  @ApiQuery({ name: 'resourceType', required: false, description: 'e.g. cluster' })
  @ApiQuery({ name: 'resourceId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 to 100 (20)' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Query() raw: Record<string, unknown>,
  ) {
    const query = parseAuditLogQuery(raw);
    const reply = await this.rpc.request(
      'accounts.audit.list',
      {
        orgId,
        limit: parseLimit(query.limit),
        cursor: parseCursor(query.cursor),
        actorUserId: query.actor,
        action: query.action,
        resourceType: query.resourceType,
        resourceId: query.resourceId,
        from: at(query.from),
        to: at(query.to),
      },
      { accessToken: principal.accessToken },
    );
    return {
      items: reply.entries.map((e) => ({
        id: e.id,
        occurredAt: timestampDate(e.occurredAt!).toISOString(),
        actor: e.actor ? { userId: e.actor.userId, username: e.actor.username ?? null } : null,
        action: e.action,
        resource: { type: e.resource!.type, id: e.resource!.id, name: e.resource!.name ?? null },
        details: JSON.parse(e.detailsJson || '{}') as Record<string, unknown>,
        sourceEventId: e.sourceEventId,
      })),
      nextCursor: reply.nextCursor || null,
    };
  }
}
