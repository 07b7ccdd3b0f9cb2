-- Apps (issue 11): data tools on a cluster, their runs and run logs, and cluster deletes waiting
-- for their apps' uninstalls.

-- CreateEnum
CREATE TYPE "app_state" AS ENUM ('INSTALLING', 'RUNNING', 'UPGRADING', 'UNINSTALLING', 'UNINSTALLED', 'FAILED');

-- CreateEnum
CREATE TYPE "app_run_action" AS ENUM ('install', 'upgrade', 'uninstall');

-- CreateEnum
CREATE TYPE "app_run_state" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "apps" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "catalog_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "chart_version" TEXT NOT NULL,
    "app_version" TEXT,
    "settings" JSONB NOT NULL,
    "state" "app_state" NOT NULL,
    "url" TEXT,
    "urls" TEXT[],
    "failure_reason" TEXT,
    "secret_ciphertext" BYTEA,
    "wrapped_data_key" BYTEA,
    "master_key_id" TEXT,
    "installed_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_runs" (
    "id" UUID NOT NULL,
    "app_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "action" "app_run_action" NOT NULL,
    "state" "app_run_state" NOT NULL,
    "job_name" TEXT NOT NULL,
    "chart_version" TEXT NOT NULL,
    "sandbox_fail_at" TEXT,
    "progress_step" TEXT,
    "progress_percent" INTEGER NOT NULL DEFAULT 0,
    "failure_reason" TEXT,
    "log_tail" TEXT,
    "outputs" JSONB,
    "log_size" BIGINT NOT NULL DEFAULT 0,
    "log_complete" BOOLEAN NOT NULL DEFAULT false,
    "requested_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "app_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_run_log_chunks" (
    "run_id" UUID NOT NULL,
    "offset" BIGINT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_run_log_chunks_pkey" PRIMARY KEY ("run_id","offset")
);

-- CreateTable
CREATE TABLE "pending_cluster_deletes" (
    "cluster_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "requested_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_cluster_deletes_pkey" PRIMARY KEY ("cluster_id")
);

-- CreateIndex
CREATE INDEX "apps_cluster_id_created_at_idx" ON "apps"("cluster_id", "created_at");

-- CreateIndex
CREATE INDEX "app_runs_app_id_created_at_idx" ON "app_runs"("app_id", "created_at");

-- CreateIndex
CREATE INDEX "app_runs_cluster_id_state_idx" ON "app_runs"("cluster_id", "state");

-- CreateIndex
CREATE INDEX "app_runs_state_idx" ON "app_runs"("state");

-- AddForeignKey
ALTER TABLE "apps" ADD CONSTRAINT "apps_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_runs" ADD CONSTRAINT "app_runs_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_run_log_chunks" ADD CONSTRAINT "app_run_log_chunks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "app_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express these):
-- One live (not UNINSTALLED) app per catalog entry on a cluster (its release name is fixed).
CREATE UNIQUE INDEX "apps_cluster_catalog_live_key" ON "apps"("cluster_id", "catalog_id") WHERE "state" <> 'UNINSTALLED';

-- At most one active (PENDING or RUNNING) run per app.
CREATE UNIQUE INDEX "app_runs_one_active_per_app" ON "app_runs"("app_id") WHERE "state" IN ('PENDING', 'RUNNING');

-- No app run while its cluster has an active run (a change or the destroy), and no cluster run
-- while an app run of the cluster is active. Both triggers lock the cluster's row first, so two
-- concurrent transactions (one starting a cluster run, one an app run) are serialised (one
-- function serves both tables: TG_TABLE_NAME says which is the other) and the
-- second sees the first's run. A violation is reported as a unique violation of
-- "apps_cluster_run_exclusive" (SQLSTATE 23505), like the partial unique indexes. The function
-- keeps the migration’s search_path (the service’s schema), whoever’s session fires it.
CREATE FUNCTION "cluster_and_app_runs_exclusive"() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  other_active boolean;
BEGIN
  IF NEW."state"::text IN ('PENDING', 'RUNNING')
     AND (TG_OP = 'INSERT' OR OLD."state"::text NOT IN ('PENDING', 'RUNNING')) THEN
    PERFORM 1 FROM "clusters" WHERE "id" = NEW."cluster_id" FOR UPDATE;
    IF TG_TABLE_NAME = 'app_runs' THEN
      SELECT EXISTS (SELECT 1 FROM "runs" WHERE "cluster_id" = NEW."cluster_id"
                     AND "state"::text IN ('PENDING', 'RUNNING')) INTO other_active;
    ELSE
      SELECT EXISTS (SELECT 1 FROM "app_runs" WHERE "cluster_id" = NEW."cluster_id"
                     AND "state" IN ('PENDING', 'RUNNING')) INTO other_active;
    END IF;
    IF other_active THEN
      RAISE EXCEPTION 'duplicate key value violates unique constraint "apps_cluster_run_exclusive"'
        USING ERRCODE = 'unique_violation', CONSTRAINT = 'apps_cluster_run_exclusive',
              DETAIL = 'The cluster has an active run of the other kind (cluster run or app run).';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "app_runs_exclusive_with_cluster_runs" BEFORE INSERT OR UPDATE OF "state" ON "app_runs"
  FOR EACH ROW EXECUTE FUNCTION "cluster_and_app_runs_exclusive"();

CREATE TRIGGER "cluster_runs_exclusive_with_app_runs" BEFORE INSERT OR UPDATE OF "state" ON "runs"
  FOR EACH ROW EXECUTE FUNCTION "cluster_and_app_runs_exclusive"();
