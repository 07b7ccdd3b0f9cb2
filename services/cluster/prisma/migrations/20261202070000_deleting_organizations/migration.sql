-- Organizations being deleted: creates are refused in them and their clusters are destroyed.
CREATE TABLE "deleting_organizations" (
    "org_id" UUID NOT NULL,
    "requested_by" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "cleared_at" TIMESTAMPTZ(3),

    CONSTRAINT "deleting_organizations_pkey" PRIMARY KEY ("org_id")
);

CREATE INDEX "deleting_organizations_cleared_at_idx" ON "deleting_organizations"("cleared_at");
