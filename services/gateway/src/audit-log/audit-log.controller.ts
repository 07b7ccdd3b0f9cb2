import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { parseCursor, parseLimit } from '../http/list-query';
import { uuidParam } from '../orgs/views';
import { auditLogQuery, parseAuditLogQuery } from './audit-log.query';
import { auditLogPage } from '../orgs/orgs.schemas';
import { Api } from '../openapi/api.decorator';

const at = (iso: string | undefined) => (iso ? timestampFromDate(new Date(iso)) : undefined);

/** The organization's audit log: read only (there is no route that changes an entry). */
@ApiTags('audit log')
@Controller('api/v1/orgs/:orgId/audit-log')
@UseGuards(AccessTokenGuard)
export class AuditLogController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Api({
    summary:
      'Who did what and when in my active organization, newest first (admin or owner; filters; cursor pages)',
    status: 200,
    query: auditLogQuery,
    ok: auditLogPage,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'accounts.invalid_cursor',
      'accounts.invalid_time_range',
    ],
  })
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
