import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ReplyInit } from '@strata/messaging';

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  sessionId: string;
}

export function toTokenPair(tokens: IssuedTokens): ReplyInit<'auth.session.login'> {
  return {
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: timestampFromDate(tokens.accessTokenExpiresAt),
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: timestampFromDate(tokens.refreshTokenExpiresAt),
    sessionId: tokens.sessionId,
  };
}
