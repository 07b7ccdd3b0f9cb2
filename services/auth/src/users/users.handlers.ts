import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, Principal } from '@strata/authz';
import { notFound } from '@strata/errors';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { assertCaller } from '../sessions/assert-caller';
import { PrismaService } from '../database/prisma.service';
import { DeleteAccount } from './delete-account';

@Controller()
export class UsersHandlers {
  constructor(
    private readonly prisma: PrismaService,
    private readonly deletion: DeleteAccount,
  ) {}

  @RpcHandler('auth.user.delete')
  @Authorized()
  async delete(
    @Payload() req: RequestData<'auth.user.delete'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.user.delete'>> {
    assertCaller(caller, req.userId);
    await this.deletion.delete(caller, req.password, req.ip);
    return {};
  }

  @RpcHandler('auth.user.get')
  @Authorized()
  async get(
    @Payload() req: RequestData<'auth.user.get'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.user.get'>> {
    assertCaller(caller, req.userId);
    const user = await this.prisma.user.findUnique({ where: { id: req.userId } });
    if (!user || user.disabledAt) throw notFound('auth.user_not_found', 'No such user.');
    return {
      id: user.id,
      email: user.email,
      emailVerified: user.emailVerifiedAt !== null,
      createdAt: timestampFromDate(user.createdAt),
    };
  }
}
