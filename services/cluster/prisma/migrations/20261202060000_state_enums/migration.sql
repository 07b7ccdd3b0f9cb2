-- Providers, cluster and run states and run actions become enums (they were text checked by
-- the service). The two partial unique indexes compare the state column with literals, so they
-- are dropped before the conversion and re-created over the enum columns, unchanged in meaning.

-- CreateEnum
CREATE TYPE "provider" AS ENUM ('aws', 'azure', 'gcp', 'sandbox');

-- CreateEnum
CREATE TYPE "cluster_state" AS ENUM ('PENDING', 'PROVISIONING', 'READY', 'FAILED', 'CANCELLED', 'DELETING', 'DELETED');

-- CreateEnum
CREATE TYPE "run_state" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "run_action" AS ENUM ('apply', 'destroy');

DROP INDEX "clusters_org_name_live_key";
DROP INDEX "runs_one_active_per_cluster";

-- AlterTable
ALTER TABLE "clusters"
    ALTER COLUMN "provider" TYPE "provider" USING "provider"::"provider",
    ALTER COLUMN "state" TYPE "cluster_state" USING "state"::"cluster_state";

-- AlterTable
ALTER TABLE "runs"
    ALTER COLUMN "action" TYPE "run_action" USING "action"::"run_action",
    ALTER COLUMN "state" TYPE "run_state" USING "state"::"run_state";

-- Hand-written (Prisma cannot express partial indexes), as in the init migration:
-- A cluster name is unique in its organization among clusters that are not DELETED.
CREATE UNIQUE INDEX "clusters_org_name_live_key" ON "clusters"("org_id", "name") WHERE "state" <> 'DELETED';

-- At most one active (PENDING or RUNNING) run per cluster, enforced by the database.
CREATE UNIQUE INDEX "runs_one_active_per_cluster" ON "runs"("cluster_id") WHERE "state" IN ('PENDING', 'RUNNING');
