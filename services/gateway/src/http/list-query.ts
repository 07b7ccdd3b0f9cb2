import { badRequest } from '@strata/errors';

/** `?limit=` of a cursor-paged list: 1 to 100, 20 when absent. */
export function parseLimit(value: string | undefined): number {
  if (value === undefined) return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw badRequest('gateway.invalid_query', 'limit must be an integer from 1 to 100.');
  return n;
}

/** `?cursor=`: the `nextCursor` of the previous page; empty or absent for the first page. */
export function parseCursor(value: string | undefined): string {
  if (value !== undefined && value.length > 200)
    throw badRequest('gateway.invalid_query', 'cursor is not one this API gave.');
  return value ?? '';
}
