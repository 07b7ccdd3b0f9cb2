import { Prisma } from '../generated/prisma/client';

/**
 * At most `max` tasks at a time; the rest wait in order. RunsService holds a database
 * connection for each transition (an interactive transaction): with a thousand runs changing at
 * once, queueing here instead of in the connection pool keeps Prisma from giving up on a
 * transaction it could not start in time (P2028), which used to drop the observation.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      // Hand the slot to the next waiter, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  get pending() {
    return this.waiting.length;
  }
}

/** Prisma and pg errors worth another try: pool timeouts, write conflicts, lost connections. */
const TRANSIENT_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);

export function isTransient(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return TRANSIENT_CODES.has(error.code);
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', '57P01'].includes(code)
  );
}
