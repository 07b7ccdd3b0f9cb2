import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { hashOpaqueToken } from '@strata/authn';
import { Principal } from '@strata/authz';
import { badRequest } from '@strata/errors';
import { PrismaService } from '../database/prisma.service';
import { ProfilesService } from '../profiles/profiles.service';

const digest = (hex: string) => createHash('sha256').update(hex).digest();

/** The signed-in caller presents the setup token and becomes a platform admin; it is used up. */
@Injectable()
export class ClaimPlatformAdmin {
  private readonly logger = new Logger(ClaimPlatformAdmin.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly profiles: ProfilesService,
  ) {}

  async claim(caller: Principal, token: string): Promise<void> {
    await this.profiles.ensureProfile(caller.userId, caller.email);
    const claimed = await this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ token_hash: string; used_at: Date | null }[]>`
        SELECT token_hash, used_at FROM platform_admin_setup WHERE id = 1 FOR UPDATE`;
      const row = rows[0];
      const presented = digest(hashOpaqueToken(token));
      if (!row || row.used_at || !timingSafeEqual(presented, digest(row.token_hash))) return false;
      await tx.platformAdminSetup.update({
        where: { id: 1 },
        data: { usedAt: new Date(), usedBy: caller.userId },
      });
      await tx.profile.update({ where: { userId: caller.userId }, data: { platformAdmin: true } });
      return true;
    });
    if (!claimed)
      throw badRequest(
        'accounts.setup_token_invalid',
        'This setup token is invalid or was used already.',
      );
    this.logger.warn({ userId: caller.userId }, 'platform admin set up with the setup token');
  }
}
