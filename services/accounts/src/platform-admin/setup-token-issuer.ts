import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { newOpaqueToken } from '@strata/authn';
import { ACCOUNTS_CONFIG, AccountsConfig } from '../config';
import { PrismaService } from '../database/prisma.service';

/**
 * In production nobody becomes a platform admin by being first. At the first start with no
 * platform admin, one setup token is made, its SHA-256 stored (singleton row, so of several
 * replicas starting together exactly one makes it) and the token printed to the log once.
 * `POST /api/v1/admin/setup` with it makes the signed-in caller a platform admin and uses it up.
 */
@Injectable()
export class SetupTokenIssuer implements OnApplicationBootstrap {
  private readonly logger = new Logger(SetupTokenIssuer.name);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NODE_ENV !== 'production') return;
    const admin = await this.prisma.profile.findFirst({
      where: { platformAdmin: true },
      select: { userId: true },
    });
    if (admin) return;
    const { token, hash } = newOpaqueToken();
    const inserted = await this.prisma.$queryRaw<{ id: number }[]>`
      INSERT INTO platform_admin_setup (id, token_hash) VALUES (1, ${hash})
      ON CONFLICT DO NOTHING RETURNING id`;
    if (inserted.length === 0) return;
    // The one deliberate secret in a log: the operator needs it once, and it works once.
    this.logger.warn(
      `PLATFORM ADMIN SETUP TOKEN (one use; sign in, then POST /api/v1/admin/setup {"token"}): ${token}`,
    );
  }
}
