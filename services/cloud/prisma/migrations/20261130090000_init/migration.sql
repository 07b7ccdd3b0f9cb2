-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "cloud";

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
CREATE TABLE "cloud_accounts" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "last_error_code" TEXT,
    "details" JSONB NOT NULL,
    "secret_ciphertext" BYTEA NOT NULL,
    "wrapped_data_key" BYTEA NOT NULL,
    "master_key_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "verified_at" TIMESTAMPTZ(3),

    CONSTRAINT "cloud_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "storage_connectors" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "cloud_account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "last_error_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "verified_at" TIMESTAMPTZ(3),

    CONSTRAINT "storage_connectors_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_published_at_created_at_idx" ON "outbox"("published_at", "created_at");

-- CreateIndex
CREATE INDEX "cloud_accounts_org_id_created_at_idx" ON "cloud_accounts"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "cloud_accounts_master_key_id_idx" ON "cloud_accounts"("master_key_id");

-- CreateIndex
CREATE INDEX "storage_connectors_org_id_created_at_idx" ON "storage_connectors"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "storage_connectors_cloud_account_id_idx" ON "storage_connectors"("cloud_account_id");

-- AddForeignKey
ALTER TABLE "storage_connectors" ADD CONSTRAINT "storage_connectors_cloud_account_id_fkey" FOREIGN KEY ("cloud_account_id") REFERENCES "cloud_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
