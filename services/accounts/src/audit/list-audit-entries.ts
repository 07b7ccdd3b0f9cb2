import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '@strata/database';
import { badRequest } from '@strata/errors';
import { AuditFilter, AuditRepository } from './audit.repository';

/** An organization's audit log, newest first, a keyset page at a time (admins and owners). */
@Injectable()
export class ListAuditEntries {
  constructor(private readonly entries: AuditRepository) {}

  async run(orgId: string, filter: AuditFilter, limit: number, cursorText: string) {
    const cursor = cursorText ? decodeCursor(cursorText) : undefined;
    if (cursorText && !cursor)
      throw badRequest('accounts.invalid_cursor', 'The cursor is not one this API gave.');
    if (filter.from && filter.to && filter.from >= filter.to)
      throw badRequest('accounts.invalid_time_range', '`from` must be before `to`.');
    const rows = await this.entries.page(orgId, filter, cursor, limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ createdAt: last.occurredAt, id: last.id })
          : '',
    };
  }
}
