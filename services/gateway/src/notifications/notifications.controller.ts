import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { z } from '@strata/config';
import { badRequest } from '@strata/errors';
import { ReplyData, RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { parseLimit } from '../http/list-query';
import { ZodBody } from '../http/zod-body.pipe';
import {
  deleted,
  marked,
  notification,
  notifications,
  preferences,
  unreadCount,
} from './notifications.schemas';
import { Api } from '../openapi/api.decorator';

const notificationId = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('gateway.invalid_id', 'The notification id must be a UUID.'),
});

const markReadBody = z
  .object({
    ids: z.array(z.string().uuid()).min(1).max(100).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((b) => (b.ids ? !b.all : b.all), { message: 'give either ids or "all": true' });

const preferencesBody = z
  .object({
    items: z
      .array(
        z
          .object({ kind: z.string().min(1).max(64), inApp: z.boolean(), email: z.boolean() })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict();

type Notification = ReplyData<'notify.notification.list'>['items'][number];

const view = (n: Notification): z.output<typeof notification> => ({
  id: n.id,
  orgId: n.orgId || null,
  kind: n.kind,
  title: n.title,
  body: n.body,
  data: JSON.parse(n.dataJson || '{}') as unknown,
  createdAt: timestampDate(n.createdAt!).toISOString(),
  readAt: n.readAt ? timestampDate(n.readAt).toISOString() : null,
});

const preferencesView = (reply: ReplyData<'notify.preferences.get'>) => ({
  items: reply.items.map((p) => ({ kind: p.kind, inApp: p.inApp, email: p.email })),
});

@ApiTags('notifications')
@Controller('api/v1/notifications')
@UseGuards(AccessTokenGuard)
export class NotificationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Api({
    summary: 'My notifications, newest first (cursor pages; ?unread=true)',
    query: z
      .object({ unread: z.enum(['true', 'false']), limit: z.string(), cursor: z.string() })
      .partial(),
    status: 200,
    ok: notifications,
    errors: ['notify.invalid_cursor'],
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query('unread') unread?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    if (unread !== undefined && unread !== 'true' && unread !== 'false')
      throw badRequest('gateway.invalid_query', 'unread must be true or false.');
    const reply = await this.rpc.request(
      'notify.notification.list',
      { unreadOnly: unread === 'true', limit: parseLimit(limit), cursor: cursor ?? '' },
      { accessToken: principal.accessToken },
    );
    return { items: reply.items.map(view), nextCursor: reply.nextCursor || null };
  }

  @Get('unread-count')
  @Api({ summary: 'How many of my notifications are unread', status: 200, ok: unreadCount })
  async count(@CurrentPrincipal() principal: Principal) {
    const reply = await this.rpc.request(
      'notify.notification.count',
      {},
      { accessToken: principal.accessToken },
    );
    return { unread: reply.unread };
  }

  @Post('read')
  @HttpCode(200)
  @Api({
    summary: 'Mark notifications read: {"ids": […]} or {"all": true}',
    status: 200,
    body: markReadBody,
    ok: marked,
    errors: ['notify.nothing_selected', 'notify.notification_not_found'],
  })
  async markRead(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodBody(markReadBody)) body: z.infer<typeof markReadBody>,
  ) {
    const reply = await this.rpc.request(
      'notify.notification.mark_read',
      { ids: body.ids ?? [], all: body.all === true },
      { accessToken: principal.accessToken },
    );
    return { marked: reply.marked, unread: reply.unread };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Api({
    summary: 'Mark one notification read',
    status: 200,
    ok: marked,
    errors: ['notify.notification_not_found'],
  })
  async markOneRead(
    @CurrentPrincipal() principal: Principal,
    @Param('id', notificationId) id: string,
  ) {
    const reply = await this.rpc.request(
      'notify.notification.mark_read',
      { ids: [id] },
      { accessToken: principal.accessToken },
    );
    return { marked: reply.marked, unread: reply.unread };
  }

  @Delete()
  @HttpCode(200)
  @Api({ summary: 'Delete every read notification', status: 200, ok: deleted })
  async deleteRead(@CurrentPrincipal() principal: Principal) {
    const reply = await this.rpc.request(
      'notify.notification.delete',
      { allRead: true },
      { accessToken: principal.accessToken },
    );
    return { deleted: reply.deleted, unread: reply.unread };
  }

  @Delete(':id')
  @HttpCode(200)
  @Api({
    summary: 'Delete one notification',
    status: 200,
    ok: deleted,
    errors: ['notify.notification_not_found'],
  })
  async deleteOne(
    @CurrentPrincipal() principal: Principal,
    @Param('id', notificationId) id: string,
  ) {
    const reply = await this.rpc.request(
      'notify.notification.delete',
      { id },
      { accessToken: principal.accessToken },
    );
    return { deleted: reply.deleted, unread: reply.unread };
  }
}

@ApiTags('notifications')
@Controller('api/v1/me/notification-preferences')
@UseGuards(AccessTokenGuard)
export class NotificationPreferencesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Api({
    summary: 'My notification preferences: in-app and email per kind',
    status: 200,
    ok: preferences,
  })
  async get(@CurrentPrincipal() principal: Principal) {
    return preferencesView(
      await this.rpc.request('notify.preferences.get', {}, { accessToken: principal.accessToken }),
    );
  }

  @Put()
  @Api({
    summary: 'Change some of my notification preferences',
    status: 200,
    body: preferencesBody,
    ok: preferences,
    errors: ['notify.unknown_kind'],
  })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodBody(preferencesBody)) body: z.infer<typeof preferencesBody>,
  ) {
    return preferencesView(
      await this.rpc.request('notify.preferences.update', body, {
        accessToken: principal.accessToken,
      }),
    );
  }
}
