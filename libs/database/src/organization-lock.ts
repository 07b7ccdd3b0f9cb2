/** The slice of a Prisma transaction client that takes a lock. */
export interface LockingExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/**
 * A transaction-scoped advisory lock on one organization id. Creates take it `shared` and then
 * check that the organization is not being deleted; a teardown takes it `exclusive` to mark the
 * organization deleting, so no create can slip in between its check and its insert unseen.
 */
export async function lockOrganization(
  tx: LockingExecutor,
  orgId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx.$executeRawUnsafe(`SELECT ${fn}(hashtextextended($1, 0))`, `org:${orgId}`);
}
