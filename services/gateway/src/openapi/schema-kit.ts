import { z } from '@strata/config';

/** Building blocks of the answers' schemas (the requests' are the zod DTOs themselves). */
export const id = z.uuid();
export const dateTime = z.iso.datetime({ offset: true });
export const text = (max: number) => z.string().max(max);
export const count = z.number().int().min(0).max(2_147_483_647);
export const role = z.enum(['owner', 'admin', 'member', 'viewer']).nullable();
export const jsonObject = z.record(z.string().max(200), z.unknown());
export const progress = z
  .object({ step: text(200), percent: z.number().int().min(0).max(100) })
  .nullable();

/** A list answered whole: `{ items }`. */
export const itemsOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).max(1000) });

/** One cursor page: `{ items, nextCursor }` (the Limit and Cursor parameters pick the page). */
const nextCursor = z
  .string()
  .max(200)
  .nullable()
  .meta({ id: 'NextCursor', description: 'Pass as ?cursor= for the next page; null on the last.' });
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).max(100), nextCursor });

export const logPage = z
  .object({
    chunks: z
      .array(z.object({ offset: z.number().int().min(0), text: text(1_048_576) }))
      .max(10_000),
    nextOffset: z.number().int().min(0),
    complete: z.boolean(),
  })
  .meta({ id: 'LogPage' });

/**
 * A reply's string as one of a documented enum's values: a value the document does not list is
 * the other service's bug, refused here (an error, a 500) rather than answered off-contract.
 */
export const oneOf =
  <E extends z.ZodEnum>(schema: E) =>
  (value: string): z.output<E> => {
    const values = schema.options as readonly string[];
    if (!values.includes(value))
      throw new Error(`a reply holds ${JSON.stringify(value)}, not one of ${values.join(', ')}`);
    return value as z.output<E>;
  };
