import { Injectable } from '@nestjs/common';
import { createLogger } from '@strata/logging';
import { PrismaService } from '../database/prisma.service';
import { cloudBinding, SecretStore } from './secret-store';

interface Row {
  id: string;
  org_id: string;
  wrapped_data_key: Uint8Array;
  secret_ciphertext: Uint8Array;
  master_key_id: string;
}

export const ROTATION_BATCH = 100;
const LOCKED_ROWS_WAIT_MS = 30_000;

/**
 * Re-wraps every data key that is not under the active master key, in batches, each in its own
 * transaction with the rows locked (FOR UPDATE SKIP LOCKED, so a running service keeps working).
 * Only the wrapped data key and its key id change; no plaintext secret is written anywhere.
 */
@Injectable()
export class KeyRotation {
  private readonly logger = createLogger('cloud').child({ component: 'key-rotation' });

  constructor(
    private readonly prisma: PrismaService,
    private readonly secrets: SecretStore,
  ) {}

  async rotate(): Promise<{ activeKeyId: string; rewrapped: number }> {
    const active = this.secrets.activeKeyId;
    let rewrapped = 0;
    const deadline = Date.now() + LOCKED_ROWS_WAIT_MS;
    for (;;) {
      const count = await this.prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Row[]>`
          SELECT id, org_id, wrapped_data_key, secret_ciphertext, master_key_id
          FROM "cloud"."cloud_accounts" WHERE master_key_id <> ${active}
          ORDER BY id LIMIT ${ROTATION_BATCH} FOR UPDATE SKIP LOCKED`;
        for (const row of rows) {
          const next = this.secrets.rewrap(
            {
              ciphertext: Buffer.from(row.secret_ciphertext),
              wrappedDataKey: Buffer.from(row.wrapped_data_key),
              masterKeyId: row.master_key_id,
            },
            cloudBinding({ recordId: row.id, orgId: row.org_id }),
          );
          await tx.cloudAccount.update({
            where: { id: row.id },
            data: {
              wrappedDataKey: new Uint8Array(next.wrappedDataKey),
              masterKeyId: next.masterKeyId,
            },
          });
        }
        return rows.length;
      });
      rewrapped += count;
      if (count === ROTATION_BATCH) continue;
      // A short batch does not mean done: SKIP LOCKED passes over rows that another
      // transaction (a re-verification, a rename) holds at that moment. Retry until no row is
      // left under an old key.
      const remaining = await this.prisma.cloudAccount.count({
        where: { masterKeyId: { not: active } },
      });
      if (remaining === 0) break;
      if (Date.now() > deadline)
        throw new Error(`${remaining} data keys stayed locked for 30 s; run the rotation again`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.logger.info(
      { activeKeyId: active, rewrapped },
      'data keys re-wrapped under the active master key',
    );
    return { activeKeyId: active, rewrapped };
  }
}
