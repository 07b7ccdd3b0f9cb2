-- Organizations being deleted: creates are refused in them; their accounts and connectors go
-- once the cluster service reports no cluster left.
CREATE TABLE "deleting_organizations" (
    "org_id" UUID NOT NULL,
    "requested_by" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cleared_at" TIMESTAMPTZ(3),

    CONSTRAINT "deleting_organizations_pkey" PRIMARY KEY ("org_id")
);
