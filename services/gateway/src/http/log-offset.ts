import { z } from '@strata/config';
import { badRequest } from '@strata/errors';

const OFFSET = /^\d{1,15}$/;

/** The query of a run log page (cluster and app runs): `?after=<nextOffset>`. */
export const logOffsetQuery = z.object({ after: z.string().regex(OFFSET).optional() });

/** `?after` as a byte offset (0 when absent); anything else is a 400 `gateway.invalid_offset`. */
export function logOffset(after?: string): bigint {
  if (after !== undefined && !OFFSET.test(after))
    throw badRequest('gateway.invalid_offset', 'after must be a byte offset (a whole number).');
  return BigInt(after ?? 0);
}

/** A log page of the cluster service as the API answers it (offsets as JSON numbers). */
export function logPageJson(reply: {
  chunks: { offset: bigint; text: string }[];
  nextOffset: bigint;
  complete: boolean;
}) {
  return {
    chunks: reply.chunks.map((c) => ({ offset: Number(c.offset), text: c.text })),
    nextOffset: Number(reply.nextOffset),
    complete: reply.complete,
  };
}
