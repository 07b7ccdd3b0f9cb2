import { createHash, timingSafeEqual } from 'node:crypto';
import {
  CanActivate,
  Controller,
  ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { NatsContext, Payload } from '@nestjs/microservices';
import { roleFromProto, roleToProto } from '@strata/authz';
import { forbidden } from '@strata/errors';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { ACCOUNTS_CONFIG, AccountsConfig } from '../config';
import { PrismaService } from '../database/prisma.service';
import { asRole } from '../profiles/profiles.service';

/** The NATS header that carries a service credential. */
export const INTERNAL_TOKEN_HEADER = 'x-strata-internal-token';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Only a caller holding ACCOUNTS_INTERNAL_TOKEN (notify); refused when none is configured. */
@Injectable()
class NotifyCallerGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(ACCOUNTS_CONFIG) config: AccountsConfig) {
    this.expected = config.ACCOUNTS_INTERNAL_TOKEN
      ? digest(config.ACCOUNTS_INTERNAL_TOKEN)
      : undefined;
  }

  canActivate(ctx: ExecutionContext): boolean {
    const presented =
      ctx.switchToRpc().getContext<NatsContext>().getHeaders?.()?.get(INTERNAL_TOKEN_HEADER) ?? '';
    if (!this.expected || !presented || !timingSafeEqual(digest(presented), this.expected))
      throw forbidden('accounts.internal_only', 'Only the notify service may list recipients.');
    return true;
  }
}

/** Who to notify: an organization's members (by role) or some users' emails. Internal. */
@Controller()
export class RecipientsHandlers {
  constructor(private readonly prisma: PrismaService) {}

  @RpcHandler('accounts.recipient.list')
  @UseGuards(NotifyCallerGuard)
  async list(
    @Payload() req: RequestData<'accounts.recipient.list'>,
  ): Promise<ReplyInit<'accounts.recipient.list'>> {
    if (req.orgId) {
      const roles = req.roles.map(roleFromProto);
      const members = await this.prisma.membership.findMany({
        where: { orgId: req.orgId, ...(roles.length ? { role: { in: roles } } : {}) },
        include: { profile: true },
        orderBy: { userId: 'asc' },
      });
      return {
        recipients: members.map((m) => ({
          userId: m.userId,
          email: m.profile.email,
          role: roleToProto(asRole(m.role)),
        })),
      };
    }
    const profiles = await this.prisma.profile.findMany({
      where: { userId: { in: req.userIds }, disabledAt: null },
      orderBy: { userId: 'asc' },
    });
    return { recipients: profiles.map((p) => ({ userId: p.userId, email: p.email })) };
  }
}
