-- Hand-written: while a cluster delete waits for its apps' uninstalls (a pending_cluster_deletes
-- row), the cluster is being deleted: no app run but an uninstall may start on it (an install of
-- a new app, an upgrade, an install retry would keep the destroy waiting, or race it). The
-- refusal is the database's, like the other run guards: the app-run trigger checks for the row
-- (under the cluster row's lock it already takes), and inserting the row takes the same lock
-- first, so an install and an uninstall-first delete of one cluster are serialised and the
-- later one sees the earlier. Reported as a unique violation of "apps_cluster_deleting".

CREATE OR REPLACE FUNCTION "cluster_and_app_runs_exclusive"() RETURNS trigger
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
      IF NEW."action"::text <> 'uninstall'
         AND EXISTS (SELECT 1 FROM "pending_cluster_deletes" WHERE "cluster_id" = NEW."cluster_id") THEN
        RAISE EXCEPTION 'duplicate key value violates unique constraint "apps_cluster_deleting"'
          USING ERRCODE = 'unique_violation', CONSTRAINT = 'apps_cluster_deleting',
                DETAIL = 'The cluster is being deleted (its apps are being uninstalled first).';
      END IF;
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

CREATE FUNCTION "pending_cluster_delete_locks_cluster"() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM 1 FROM "clusters" WHERE "id" = NEW."cluster_id" FOR UPDATE;
  RETURN NEW;
END $$;

CREATE TRIGGER "pending_cluster_deletes_lock_cluster" BEFORE INSERT ON "pending_cluster_deletes"
  FOR EACH ROW EXECUTE FUNCTION "pending_cluster_delete_locks_cluster"();
