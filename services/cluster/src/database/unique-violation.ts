import { Prisma } from '../generated/prisma/client';

/** The partial unique indexes of the hand-written migration, and the Prisma-made unique keys. */
export const ONE_ACTIVE_RUN_INDEX = 'runs_one_active_per_cluster';
export const LIVE_NAME_INDEX = 'clusters_org_name_live_key';
/** Apps (migration 20261202070000_apps). */
export const LIVE_APP_INDEX = 'apps_cluster_catalog_live_key';
export const ONE_ACTIVE_APP_RUN_INDEX = 'app_runs_one_active_per_app';
/** The triggers' "unique violation": an app run and a cluster run of one cluster at once. */
export const APP_CLUSTER_RUN_EXCLUSIVE = 'apps_cluster_run_exclusive';
/** The app-run trigger's refusal of an install or upgrade while the cluster's delete waits for its apps. */
export const APP_CLUSTER_DELETING = 'apps_cluster_deleting';

export interface UniqueViolation {
  /** The constraint or index name PostgreSQL reported, when it did. */
  constraint?: string;
  /** The key columns PostgreSQL reported (`Key (a, b)=(...)`), when it did. */
  fields: string[];
}

const CONSTRAINT_IN_MESSAGE = /unique constraint "([^"]+)"/;

/**
 * What a P2002 (unique violation) hit: through the pg driver adapter, Prisma's `meta` carries
 * the adapter's error, whose `originalMessage` names the constraint and whose `constraint.fields`
 * lists the key columns. Anything else (another error) answers null.
 */
export function uniqueViolationOf(error: unknown): UniqueViolation | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002')
    return null;
  return describeUniqueMeta(error.meta);
}

/** The pure part of uniqueViolationOf (P2002 `meta` in, constraint and fields out). */
export function describeUniqueMeta(meta: unknown): UniqueViolation {
  const record = (meta ?? {}) as Record<string, unknown>;
  const adapter = record.driverAdapterError as
    | { cause?: { originalMessage?: string; constraint?: { fields?: string[]; index?: string } } }
    | undefined;
  const cause = adapter?.cause;
  const fromMessage = CONSTRAINT_IN_MESSAGE.exec(cause?.originalMessage ?? '')?.[1];
  const target = record.target;
  const fields = cause?.constraint?.fields ?? (Array.isArray(target) ? (target as string[]) : []);
  const constraint =
    fromMessage ?? cause?.constraint?.index ?? (typeof target === 'string' ? target : undefined);
  return { ...(constraint ? { constraint } : {}), fields };
}

/** Is this violation of the index `name` (or, without a reported name, of exactly `fields`)? */
export function violates(violation: UniqueViolation | null, name: string, fields: string[]) {
  if (!violation) return false;
  if (violation.constraint) return violation.constraint === name;
  return (
    violation.fields.length === fields.length && fields.every((f) => violation.fields.includes(f))
  );
}
