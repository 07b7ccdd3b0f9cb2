import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { ListAuditEntries } from './list-audit-entries';

/** Reading the audit log is the only path to it: no request changes or deletes an entry. */
@Controller()
export class AuditHandlers {
  constructor(private readonly listEntries: ListAuditEntries) {}

  @RpcHandler('accounts.audit.list')
  @Authorized('audit.read')
  async list(
    @Payload() req: RequestData<'accounts.audit.list'>,
  ): Promise<ReplyInit<'accounts.audit.list'>> {
    const page = await this.listEntries.run(
      req.orgId,
      {
        actorUserId: req.actorUserId,
        action: req.action,
        resourceType: req.resourceType,
        resourceId: req.resourceId,
        from: req.from ? timestampDate(req.from) : undefined,
        to: req.to ? timestampDate(req.to) : undefined,
      },
      req.limit,
      req.cursor,
    );
    return {
      entries: page.items.map((e) => ({
        id: e.id,
        occurredAt: timestampFromDate(e.occurredAt),
        actor: e.actorUserId
          ? { userId: e.actorUserId, username: e.actorUsername ?? undefined }
          : undefined,
        action: e.action,
        resource: { type: e.resourceType, id: e.resourceId, name: e.resourceName ?? undefined },
        detailsJson: JSON.stringify(e.details ?? {}),
        sourceEventId: e.sourceEventId,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
