import { Inject, Injectable } from '@nestjs/common';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { Tx } from '../database/prisma.service';
import { SigningKeysService } from '../keys/signing-keys.service';
import { newOpaqueToken } from '../tokens/opaque-token';
import { IssuedTokens } from './token-pair';

export interface SessionOwner {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
}

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** Starts sessions (refresh-token families) and mints the tokens that go with them. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly keys: SigningKeysService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  refreshExpiry(): Date {
    return new Date(Date.now() + this.config.AUTH_REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  }

  /** Creates a session and its first refresh token inside `tx`. */
  async start(tx: Tx, user: SessionOwner, client: ClientInfo): Promise<IssuedTokens> {
    const expiresAt = this.refreshExpiry();
    const refresh = newOpaqueToken();
    const session = await tx.session.create({
      data: {
        userId: user.id,
        ip: client.ip,
        userAgent: client.userAgent,
        expiresAt,
        refreshTokens: { create: { tokenHash: refresh.hash, expiresAt } },
      },
    });
    return this.tokensFor(user, session.id, refresh.token, expiresAt);
  }

  async tokensFor(
    user: SessionOwner,
    sessionId: string,
    refreshToken: string,
    refreshTokenExpiresAt: Date,
  ): Promise<IssuedTokens> {
    const access = await this.keys.signAccessToken({
      userId: user.id,
      sessionId,
      email: user.email,
      emailVerified: user.emailVerifiedAt !== null,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      sessionId,
    };
  }
}
