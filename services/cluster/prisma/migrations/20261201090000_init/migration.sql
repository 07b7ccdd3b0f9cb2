-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "cluster";

-- CreateTable
CREATE TABLE "outbox" (
    "id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateTable
CREATE TABLE "clusters" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "cloud_account_id" UUID,
    "state_connector_id" UUID,
    "vpc_cidr" TEXT NOT NULL,
    "public_subnet_cidrs" TEXT[],
    "private_subnet_cidrs" TEXT[],
    "kubernetes_version" TEXT NOT NULL,
    "node_instance_type" TEXT NOT NULL,
    "node_min_size" INTEGER NOT NULL,
    "node_max_size" INTEGER NOT NULL,
    "sandbox_fail_at" TEXT,
    "state" TEXT NOT NULL,
    "outputs" JSONB,
    "failure_reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "job_name" TEXT NOT NULL,
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

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_log_chunks" (
    "run_id" UUID NOT NULL,
    "offset" BIGINT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_log_chunks_pkey" PRIMARY KEY ("run_id","offset")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "org_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "cluster_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("org_id","key")
);

-- CreateIndex
CREATE INDEX "outbox_published_at_created_at_idx" ON "outbox"("published_at", "created_at");

-- CreateIndex
CREATE INDEX "clusters_org_id_name_idx" ON "clusters"("org_id", "name");

-- CreateIndex
CREATE INDEX "clusters_org_id_created_at_idx" ON "clusters"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "runs_cluster_id_created_at_idx" ON "runs"("cluster_id", "created_at");

-- CreateIndex
CREATE INDEX "runs_state_idx" ON "runs"("state");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_log_chunks" ADD CONSTRAINT "run_log_chunks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express partial indexes):
-- A cluster name is unique in its organization among clusters that are not DELETED.
CREATE UNIQUE INDEX "clusters_org_name_live_key" ON "clusters"("org_id", "name") WHERE "state" <> 'DELETED';

-- At most one active (PENDING or RUNNING) run per cluster, enforced by the database.
CREATE UNIQUE INDEX "runs_one_active_per_cluster" ON "runs"("cluster_id") WHERE "state" IN ('PENDING', 'RUNNING');
