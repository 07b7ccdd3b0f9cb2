import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * Writes `count` READY sandbox clusters of `orgId`, each with `runsEach` finished apply runs
 * (the latest with a progress step), straight into the cluster service's tables: rows for a
 * read path to list, without running jobs.
 */
export async function seedClusters(
  databaseUrl: string,
  orgId: string,
  createdBy: string,
  count: number,
  runsEach = 2,
): Promise<string[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      ids.push(id);
      await db.query(
        `INSERT INTO cluster.clusters (id, org_id, name, provider, region, vpc_cidr,
           public_subnet_cidrs, private_subnet_cidrs, kubernetes_version, node_instance_type,
           node_min_size, node_max_size, state, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'sandbox', 'sandbox-1', '10.0.0.0/16', '{10.0.0.0/24}',
           '{10.0.1.0/24}', '1.31', 'sandbox.small', 1, 2, 'READY', $4,
           now() - make_interval(secs => $5), now())`,
        [id, orgId, `seeded-${i}`, createdBy, count - i],
      );
      for (let r = 0; r < runsEach; r++) {
        await db.query(
          `INSERT INTO cluster.runs (id, cluster_id, org_id, action, state, job_name,
             progress_step, progress_percent, requested_by, created_at, finished_at)
           VALUES ($1, $2, $3, 'apply', 'SUCCEEDED', $4, $5, 100, $6,
             now() - make_interval(secs => $7), now())`,
          [randomUUID(), id, orgId, `seed-${i}-${r}`, `step-${r}`, createdBy, runsEach - r],
        );
      }
    }
  } finally {
    await db.end();
  }
  return ids;
}
