import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, JWK, KeyLike, SignJWT } from 'jose';
import { ACCESS_TOKEN_ALG } from '@strata/authn';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { PrismaService } from '../database/prisma.service';
import { SigningKeyVault } from './signing-key-vault';

interface ActiveKey {
  kid: string;
  privateKey: KeyLike | Uint8Array;
  createdAt: Date;
}

export interface AccessTokenInput {
  userId: string;
  sessionId: string;
  email: string;
  emailVerified: boolean;
  /** From the accounts service: username, active organization, role in it, platform admin. */
  claims?: { username: string; orgId: string; role: string; platformAdmin: boolean };
}

/**
 * The Ed25519 keys that sign access tokens. The newest key signs; keys retired within the last
 * access-token lifetime stay in the JWKS so tokens they signed still verify; a key older than
 * AUTH_SIGNING_KEY_MAX_AGE_DAYS is replaced at start. Private keys are stored sealed
 * (SigningKeyVault) and decrypted once, when loaded.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private active?: ActiveKey;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly vault: SigningKeyVault,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.vault.secureAll();
    const newest = await this.prisma.signingKey.findFirst({
      where: { retiredAt: null },
      orderBy: { createdAt: 'desc' },
    });
    const maxAgeMs = this.config.AUTH_SIGNING_KEY_MAX_AGE_DAYS * 86_400_000;
    if (newest && Date.now() - newest.createdAt.getTime() < maxAgeMs) {
      this.active = {
        kid: newest.kid,
        privateKey: await importJWK(this.vault.open(newest), ACCESS_TOKEN_ALG),
        createdAt: newest.createdAt,
      };
      return;
    }
    await this.rotate();
  }

  /** Makes a new signing key and retires the previous ones (they stay published for a while). */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALG };
    const created = await this.prisma.$transaction(async (tx) => {
      await tx.signingKey.updateMany({
        where: { retiredAt: null },
        data: { retiredAt: new Date() },
      });
      return tx.signingKey.create({
        data: { kid, alg: ACCESS_TOKEN_ALG, publicJwk, ...this.vault.seal(kid, privateJwk) },
      });
    });
    this.active = { kid, privateKey, createdAt: created.createdAt };
    this.logger.log({ kid }, 'new access-token signing key');
    return kid;
  }

  /** Public keys of the active key and of keys retired less than one token lifetime ago. */
  async jwks(): Promise<JWK[]> {
    const graceMs = this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS * 1000 + 60_000;
    const keys = await this.prisma.signingKey.findMany({
      where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(Date.now() - graceMs) } }] },
      orderBy: { createdAt: 'desc' },
      select: { publicJwk: true },
    });
    return keys.map((key) => key.publicJwk as unknown as JWK);
  }

  async signAccessToken(input: AccessTokenInput): Promise<{ token: string; expiresAt: Date }> {
    if (!this.active) throw new Error('no signing key loaded');
    const ttl = this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS;
    const now = Math.floor(Date.now() / 1000);
    const claims = input.claims && {
      username: input.claims.username,
      org: input.claims.orgId,
      role: input.claims.role,
      adm: input.claims.platformAdmin,
    };
    const token = await new SignJWT({
      sid: input.sessionId,
      email: input.email,
      ev: input.emailVerified,
      ...claims,
    })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: this.active.kid, typ: 'at+jwt' })
      .setIssuer(this.config.AUTH_ISSUER)
      .setAudience(this.config.AUTH_AUDIENCE)
      .setSubject(input.userId)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .sign(this.active.privateKey);
    return { token, expiresAt: new Date((now + ttl) * 1000) };
  }
}
