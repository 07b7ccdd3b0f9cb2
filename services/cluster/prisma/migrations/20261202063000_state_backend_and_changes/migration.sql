-- The state connector of a cluster, resolved at create and kept (the state never moves), and
-- what a change run changes.

-- CreateEnum
CREATE TYPE "state_backend" AS ENUM ('s3', 'azurerm', 'gcs');

-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "state_backend" "state_backend",
ADD COLUMN     "state_bucket" TEXT,
ADD COLUMN     "state_container" TEXT,
ADD COLUMN     "state_region" TEXT,
ADD COLUMN     "state_storage_account" TEXT;

-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "changes" JSONB;
