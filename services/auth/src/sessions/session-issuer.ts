import { Inject, Injectable } from '@nestjs/common';
import { roleFromProto } from '@strata/authz';
import { RpcClient } from '@strata/messaging';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { Tx } from '../database/prisma.service';
import { SigningKeysService } from '../keys/signing-keys.service';
import { newOpaqueToken } from '@strata/authn';
import { IssuedTokens } from './token-pair';

export interface SessionOwner {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
}

export interface OpenedSession {
  sessionId: string;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
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
    private readonly rpc: RpcClient,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  refreshExpiry(): Date {
    return new Date(Date.now() + this.config.AUTH_REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  }

  /**
   * Creates a session and its first refresh token inside `tx`. Signing the access token is left
   * for after the commit (tokensFor): it waits on the same thread pool as argon2, and a
   * transaction must not stay open while it does.
   */
  async open(tx: Tx, userId: string, client: ClientInfo): Promise<OpenedSession> {
    const refreshTokenExpiresAt = this.refreshExpiry();
    const refresh = newOpaqueToken();
    const session = await tx.session.create({
      data: {
        userId,
        ip: client.ip,
        userAgent: client.userAgent,
        expiresAt: refreshTokenExpiresAt,
        refreshTokens: { create: { tokenHash: refresh.hash, expiresAt: refreshTokenExpiresAt } },
      },
    });
    return { sessionId: session.id, refreshToken: refresh.token, refreshTokenExpiresAt };
  }

  /** Mints the access token for a session and pairs it with the session's refresh token. */
  async tokensFor(user: SessionOwner, session: OpenedSession): Promise<IssuedTokens> {
    const access = await this.accessToken(user, session.sessionId);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: session.refreshToken,
      refreshTokenExpiresAt: session.refreshTokenExpiresAt,
      sessionId: session.sessionId,
    };
  }

  /**
   * An access token with the user's current claims from the accounts service (which makes
   * `orgId` the active organization when given, if the user belongs to it).
   */
  async accessToken(
    user: SessionOwner,
    sessionId: string,
    orgId?: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    const claims = await this.rpc.request('accounts.claims.get', {
      userId: user.id,
      email: user.email,
      orgId: orgId ?? '',
    });
    return this.keys.signAccessToken({
      userId: user.id,
      sessionId,
      email: user.email,
      emailVerified: user.emailVerifiedAt !== null,
      claims: {
        username: claims.username,
        orgId: claims.orgId,
        role: roleFromProto(claims.role),
        platformAdmin: claims.platformAdmin,
      },
    });
  }
}
