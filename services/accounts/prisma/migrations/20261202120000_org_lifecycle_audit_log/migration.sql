-- Organizations: ACTIVE, or DELETING once an owner asked to delete it (its clusters, cloud
-- accounts and connectors are torn down first; then the row goes, with its memberships and
-- invitations).
ALTER TABLE "organizations" ADD COLUMN "state" TEXT NOT NULL DEFAULT 'ACTIVE';
ALTER TABLE "organizations" ADD COLUMN "deletion_requested_at" TIMESTAMPTZ(3);
ALTER TABLE "organizations" ADD COLUMN "deletion_requested_by" UUID;
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_state_check" CHECK ("state" IN ('ACTIVE', 'DELETING'));

-- The audit log: one row per (event, organization) it concerns.
CREATE TABLE "audit_entries" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "actor_user_id" UUID,
    "actor_username" TEXT,
    "action" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "resource_name" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "source_event_id" UUID NOT NULL,
    "source_subject" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "audit_entries_source_event_id_org_id_key" ON "audit_entries"("source_event_id", "org_id");
CREATE INDEX "audit_entries_org_id_occurred_at_id_idx" ON "audit_entries"("org_id", "occurred_at", "id");
CREATE INDEX "audit_entries_org_id_actor_user_id_occurred_at_id_idx" ON "audit_entries"("org_id", "actor_user_id", "occurred_at", "id");
CREATE INDEX "audit_entries_org_id_action_occurred_at_id_idx" ON "audit_entries"("org_id", "action", "occurred_at", "id");
CREATE INDEX "audit_entries_org_id_resource_type_resource_id_occurred_at_id_idx" ON "audit_entries"("org_id", "resource_type", "resource_id", "occurred_at", "id");
CREATE INDEX "audit_entries_occurred_at_idx" ON "audit_entries"("occurred_at");

-- Append-only: UPDATE, DELETE and TRUNCATE are refused, whoever asks; the one exception is a
-- DELETE inside audit_prune (below), which sets strata.audit_retention for its transaction only.
CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('strata.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_entries_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"();
CREATE TRIGGER "audit_entries_no_truncate"
  BEFORE TRUNCATE ON "audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"();

-- The retention job's only way to delete: entries older than retention_days (at least 1).
CREATE FUNCTION "audit_prune"(retention_days integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  removed integer;
BEGIN
  IF retention_days IS NULL OR retention_days < 1 THEN
    RAISE EXCEPTION 'retention_days must be at least 1';
  END IF;
  PERFORM set_config('strata.audit_retention', 'on', true);
  DELETE FROM audit_entries WHERE occurred_at < now() - make_interval(days => retention_days);
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('strata.audit_retention', 'off', true);
  RETURN removed;
END;
$$;
