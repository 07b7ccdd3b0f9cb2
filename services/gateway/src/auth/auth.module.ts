import { Module } from '@nestjs/common';
import { AccessTokenGuard } from './access-token.guard';
import { AuthController } from './auth.controller';
import { CsrfProtection } from './csrf-protection';
import { RevokedSessions } from './revoked-sessions';
import { TokenResponse } from './token-response';

@Module({
  controllers: [AuthController],
  providers: [RevokedSessions, AccessTokenGuard, CsrfProtection, TokenResponse],
  exports: [AccessTokenGuard, RevokedSessions, CsrfProtection, TokenResponse],
})
export class AuthModule {}
