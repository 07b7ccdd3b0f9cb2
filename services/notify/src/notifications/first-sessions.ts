import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** notify's own record of each user's first session (no question to auth per event). */
@Injectable()
export class FirstSessions {
  constructor(private readonly prisma: PrismaService) {}

  /** The user's first session: `sessionId` when none was recorded yet (first writer wins). */
  async firstOf(userId: string, sessionId: string): Promise<string> {
    const row = await this.prisma.firstSession.upsert({
      where: { userId },
      create: { userId, sessionId },
      update: {},
    });
    return row.sessionId;
  }
}
