import { z } from '@strata/config';
import { badRequest } from '@strata/errors';

const instant = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** The audit log's filters (each optional); anything else in the query is refused. */
export const auditLogQuery = z
  .strictObject({
    actor: z.string().uuid('must be a user id'),
    action: z
      .string()
      .max(100)
      .regex(/^[a-z][a-z0-9_.]*$/, 'must be an action such as cluster.run.started'),
    resourceType: z
      .string()
      .max(50)
      .regex(/^[a-z][a-z0-9_]*$/, 'must be a resource type such as cluster'),
    resourceId: z.string().min(1).max(100),
    from: instant,
    to: instant,
    limit: z.string(),
    cursor: z.string(),
  })
  .partial();

export type AuditLogQuery = z.infer<typeof auditLogQuery>;

/** 400 gateway.invalid_query naming each bad parameter. */
export function parseAuditLogQuery(query: unknown): AuditLogQuery {
  const result = auditLogQuery.safeParse(query ?? {});
  if (result.success) return result.data;
  throw badRequest(
    'gateway.invalid_query',
    result.error.issues
      .map((issue) => `${issue.path.join('.') || 'query'} ${issue.message}`)
      .join('; '),
  );
}
