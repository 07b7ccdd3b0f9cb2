import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { PrismaService } from '../database/prisma.service';
import { ProfilesService } from '../profiles/profiles.service';

/** The platform admin's view of every user. */
@Controller()
export class UsersHandlers {
  constructor(
    private readonly prisma: PrismaService,
    private readonly profiles: ProfilesService,
  ) {}

  @RpcHandler('accounts.user.list')
  @Authorized('platform.users.read')
  async list(
    @Payload() req: RequestData<'accounts.user.list'>,
  ): Promise<ReplyInit<'accounts.user.list'>> {
    const [total, rows] = await this.prisma.$transaction([
      this.prisma.profile.count(),
      this.prisma.profile.findMany({
        orderBy: [{ createdAt: 'desc' }, { userId: 'asc' }],
        skip: (req.page - 1) * req.pageSize,
        take: req.pageSize,
      }),
    ]);
    return {
      total,
      users: rows.map((p) => ({
        userId: p.userId,
        email: p.email,
        username: p.username,
        createdAt: timestampFromDate(p.createdAt),
        disabled: p.disabledAt !== null,
        platformAdmin: this.profiles.isPlatformAdmin(p.platformAdmin, p.email),
      })),
    };
  }
}
