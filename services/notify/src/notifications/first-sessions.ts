import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { UserStreams } from '../pushes/user-streams';

/** notify's own record of each user's first session (no question to auth per event). */
@Injectable()
export class FirstSessions {
  constructor(
    private readonly prisma: PrismaService,
    private readonly streams: UserStreams,
  ) {}

  /**
   * The user's first session: `sessionId` when none was recorded yet (first writer wins). Under
   * the user's stream lock, which the erasure takes too: a session event handled after the
   * user's deletion records nothing (the tombstone is seen), so no row outlives the user.
   */
  async firstOf(userId: string, sessionId: string): Promise<string> {
    return this.prisma.$transaction(async (tx) => {
      await this.streams.lock(tx, userId);
      if (await this.streams.erased(tx, userId)) return sessionId;
      const row = await tx.firstSession.upsert({
        where: { userId },
        create: { userId, sessionId },
        update: {},
      });
      return row.sessionId;
    });
  }
}
