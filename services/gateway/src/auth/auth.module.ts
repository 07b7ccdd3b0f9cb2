import { Module } from '@nestjs/common';
import { AccessTokenGuard } from './access-token.guard';
import { AuthController } from './auth.controller';
import { CsrfProtection } from './csrf-protection';
import { TokenDenylist } from './token-denylist';
import { TokenResponse } from './token-response';

@Module({
  controllers: [AuthController],
  providers: [TokenDenylist, AccessTokenGuard, CsrfProtection, TokenResponse],
  exports: [AccessTokenGuard, TokenDenylist, CsrfProtection, TokenResponse],
})
export class AuthModule {}
