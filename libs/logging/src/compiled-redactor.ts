/** What a redacted value is written as. */
export const CENSOR = '[redacted]';

type Redactor = <T>(value: T) => T;

const isPlain = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * Compiles, once per logger, a redactor for secret keys at the first `depth` levels of a log
 * object (the level of `password` in `{ password }` is 1, of `a.b.password` 3). It reads each
 * line's object without copying it; only when a secret key is present does it copy the objects
 * on the way to it (copy on write), so the caller's object is never changed.
 *
 * It descends into plain objects, arrays and errors' own fields. Other class instances (Node's
 * IncomingMessage, Date, Buffer) are left to their pino serializers, which pick the fields
 * they log (the request serializer logs no headers).
 */
export function compileRedactor(keys: readonly string[], depth = 3): Redactor {
  const secret = new Set(keys);
  const visit = (value: unknown, level: number): unknown => {
    if (level > depth || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const child = visit(value[i], level + 1);
        if (child !== value[i]) (copy ??= value.slice())[i] = child;
      }
      return copy ?? value;
    }
    const isError = value instanceof Error;
    if (!isError && !isPlain(value)) return value;
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const current = record[key];
      const next = secret.has(key)
        ? current === undefined
          ? current
          : CENSOR
        : visit(current, level + 1);
      if (next === current) continue;
      copy ??= isError ? errorCopy(value as Error) : { ...record };
      copy[key] = next;
    }
    return copy ?? value;
  };
  return <T>(value: T) => visit(value, 1) as T;
}

/** An error's fields as a plain object (what pino's error serializer would write). */
function errorCopy(error: Error): Record<string, unknown> {
  return {
    type: error.constructor?.name ?? 'Error',
    message: error.message,
    stack: error.stack,
    ...(error as unknown as Record<string, unknown>),
  };
}
