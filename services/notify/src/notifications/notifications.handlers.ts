import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, Principal } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { NotificationsService } from './notifications.service';

interface NotificationRow {
  id: string;
  orgId: string | null;
  kind: string;
  title: string;
  body: string;
  data: unknown;
  createdAt: Date;
  readAt: Date | null;
}

const toNotification = (n: NotificationRow) => ({
  id: n.id,
  orgId: n.orgId ?? '',
  kind: n.kind,
  title: n.title,
  body: n.body,
  dataJson: JSON.stringify(n.data ?? {}),
  createdAt: timestampFromDate(n.createdAt),
  readAt: n.readAt ? timestampFromDate(n.readAt) : undefined,
});

/** Every request is about the caller: the user comes from the verified token, never the message. */
@Controller()
export class NotificationsHandlers {
  constructor(private readonly notifications: NotificationsService) {}

  @RpcHandler('notify.notification.list')
  @Authorized()
  async list(
    @Payload() req: RequestData<'notify.notification.list'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'notify.notification.list'>> {
    const page = await this.notifications.list(
      caller.userId,
      req.unreadOnly,
      req.limit,
      req.cursor,
    );
    return { items: page.items.map(toNotification), nextCursor: page.nextCursor };
  }

  @RpcHandler('notify.notification.count')
  @Authorized()
  async count(@Caller() caller: Principal): Promise<ReplyInit<'notify.notification.count'>> {
    return { unread: await this.notifications.unread(caller.userId) };
  }

  @RpcHandler('notify.notification.mark_read')
  @Authorized()
  markRead(
    @Payload() req: RequestData<'notify.notification.mark_read'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'notify.notification.mark_read'>> {
    return this.notifications.markRead(caller.userId, req.ids, req.all);
  }

  @RpcHandler('notify.notification.delete')
  @Authorized()
  delete(
    @Payload() req: RequestData<'notify.notification.delete'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'notify.notification.delete'>> {
    return this.notifications.delete(caller.userId, req.id, req.allRead);
  }

  @RpcHandler('notify.preferences.get')
  @Authorized()
  async preferences(@Caller() caller: Principal): Promise<ReplyInit<'notify.preferences.get'>> {
    return { items: await this.notifications.preferences(caller.userId) };
  }

  @RpcHandler('notify.preferences.update')
  @Authorized()
  async updatePreferences(
    @Payload() req: RequestData<'notify.preferences.update'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'notify.preferences.update'>> {
    return { items: await this.notifications.updatePreferences(caller.userId, req.items) };
  }

  @RpcHandler('notify.events.since')
  @Authorized()
  async since(
    @Payload() req: RequestData<'notify.events.since'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'notify.events.since'>> {
    const reply = await this.notifications.since(
      caller.userId,
      req.afterSeq,
      req.fromNow,
      req.limit,
    );
    return {
      ...reply,
      pushes: reply.pushes.map((p) => ({
        seq: p.seq,
        type: p.type,
        dataJson: JSON.stringify(p.data),
        at: timestampFromDate(p.createdAt),
      })),
    };
  }
}
