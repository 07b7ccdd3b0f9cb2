import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, JWK, KeyLike, SignJWT } from 'jose';
import { ACCESS_TOKEN_ALG } from '@strata/authn';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { PrismaService, Tx } from '../database/prisma.service';
import { SigningKeyVault } from './signing-key-vault';

interface ActiveKey {
  kid: string;
  privateKey: KeyLike | Uint8Array;
  createdAt: Date;
}

type SigningKeyRow = NonNullable<Awaited<ReturnType<typeof newestKey>>>;

/** The key that signs: the newest one not retired. */
function newestKey(db: Pick<Tx, 'signingKey'>) {
  return db.signingKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
}

export interface AccessTokenInput {
  userId: string;
  sessionId: string;
  email: string;
  emailVerified: boolean;
  /** From the accounts service: username, active organization, role in it, platform admin. */
  claims?: { username: string; orgId: string; role: string; platformAdmin: boolean };
}

/** The advisory lock under which a replica decides whether to make a signing key. */
const SIGNING_KEY_LOCK = 'auth:signing-keys';

/**
 * The Ed25519 keys that sign access tokens. The newest key signs; keys retired within the last
 * access-token lifetime stay in the JWKS so tokens they signed still verify; a key older than
 * AUTH_SIGNING_KEY_MAX_AGE_DAYS is replaced at start. Private keys are stored sealed
 * (SigningKeyVault) and decrypted once, when loaded.
 *
 * Replicas: whether to make a key is decided under a PostgreSQL advisory lock, so replicas
 * starting together make one key (the others read it), and each replica reloads the newest key
 * every AUTH_SIGNING_KEY_REFRESH_SECONDS, so a key made by another replica signs here too before
 * the key it replaced leaves the JWKS.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SigningKeysService.name);
  private active?: ActiveKey;
  private refreshTimer?: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly vault: SigningKeyVault,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.vault.secureAll();
    const maxAgeMs = this.config.AUTH_SIGNING_KEY_MAX_AGE_DAYS * 86_400_000;
    const made = await this.underLock(async (tx) => {
      const newest = await newestKey(tx);
      if (newest && Date.now() - newest.createdAt.getTime() < maxAgeMs) {
        await this.use(newest);
        return undefined;
      }
      return this.create(tx);
    });
    if (made) this.made(made);
    this.refreshTimer = setInterval(() => {
      this.refresh().catch((err: unknown) =>
        this.logger.warn({ err }, 'could not reload the signing key; keeping the current one'),
      );
    }, this.config.AUTH_SIGNING_KEY_REFRESH_SECONDS * 1000);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.refreshTimer);
  }

  /** Makes a new signing key and retires the previous ones (they stay published for a while). */
  async rotate(): Promise<string> {
    const made = await this.underLock((tx) => this.create(tx));
    this.made(made);
    return made.kid;
  }

  /** Loads the newest key when it is not the one signing here (another replica made it). */
  async refresh(): Promise<void> {
    const newest = await newestKey(this.prisma);
    if (!newest || newest.kid === this.active?.kid) return;
    const previous = this.active?.kid;
    await this.use(newest);
    this.logger.log(
      { kid: newest.kid, previous },
      'signing key reloaded (made by another replica)',
    );
  }

  private underLock<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(
          'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
          SIGNING_KEY_LOCK,
        );
        return work(tx);
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  }

  private async use(row: SigningKeyRow): Promise<void> {
    this.active = {
      kid: row.kid,
      privateKey: await importJWK(this.vault.open(row), ACCESS_TOKEN_ALG),
      createdAt: row.createdAt,
    };
  }

  /** Signs with a key made here, once the transaction that stored it has committed. */
  private made(key: ActiveKey): void {
    this.active = key;
    this.logger.log({ kid: key.kid }, 'new access-token signing key');
  }

  private async create(tx: Tx): Promise<ActiveKey> {
    const { publicKey, privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALG };
    await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
    const created = await tx.signingKey.create({
      data: { kid, alg: ACCESS_TOKEN_ALG, publicJwk, ...this.vault.seal(kid, privateJwk) },
    });
    return { kid, privateKey, createdAt: created.createdAt };
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
