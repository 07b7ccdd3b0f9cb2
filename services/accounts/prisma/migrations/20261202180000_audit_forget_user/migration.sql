-- A deleted user's email leaves the audit log (docs/security.md "Deleting an account"): the
-- entries stay, with the user id as a tombstone, but no entry keeps the address.
--
-- The trigger's exceptions are now decided by who is calling, not by a setting: a session could
-- SET strata.audit_retention itself. A DELETE is let through only when audit_prune issued it,
-- and an UPDATE only when audit_forget_user did and it changes nothing but resource_name and
-- details (the call stack, PG_CONTEXT, names the function).
CREATE OR REPLACE FUNCTION "audit_entries_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  stack text;
BEGIN
  GET DIAGNOSTICS stack = PG_CONTEXT;
  IF TG_OP = 'DELETE' AND stack LIKE '%function audit_prune(integer) line %' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND stack LIKE '%function audit_forget_user(uuid,text) line %'
     AND NEW.id = OLD.id AND NEW.org_id = OLD.org_id AND NEW.occurred_at = OLD.occurred_at
     AND NEW.actor_user_id IS NOT DISTINCT FROM OLD.actor_user_id
     AND NEW.actor_username IS NOT DISTINCT FROM OLD.actor_username
     AND NEW.action = OLD.action AND NEW.resource_type = OLD.resource_type
     AND NEW.resource_id = OLD.resource_id AND NEW.source_event_id = OLD.source_event_id
     AND NEW.source_subject = OLD.source_subject AND NEW.recorded_at = OLD.recorded_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Forgets a deleted user's address in every organization's entries: the invitations the user
-- accepted (found through their own invitation.accepted entries, so it also works after the
-- profile, and with it the address, is gone) and, when given, any entry naming the address
-- (resource name or a detail). The address leaves the name and details; ids stay.
CREATE FUNCTION "audit_forget_user"(forgotten_user uuid, address text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  changed integer;
  addr text := lower(nullif(address, ''));
BEGIN
  IF forgotten_user IS NULL THEN
    RAISE EXCEPTION 'forgotten_user is required';
  END IF;
  UPDATE audit_entries e
     SET resource_name = CASE
           WHEN e.resource_type = 'invitation' OR lower(e.resource_name) = addr THEN NULL
           ELSE e.resource_name
         END,
         details = COALESCE(
           (SELECT jsonb_object_agg(d.key, d.value) FROM jsonb_each(e.details) AS d
             WHERE NOT (d.key = 'email' AND e.resource_type = 'invitation')
               AND NOT (addr IS NOT NULL AND jsonb_typeof(d.value) = 'string'
                        AND lower(d.value #>> '{}') = addr)),
           '{}'::jsonb)
   WHERE (e.resource_type = 'invitation' AND e.resource_id IN (
            SELECT a.resource_id FROM audit_entries a
             WHERE a.action = 'invitation.accepted' AND a.actor_user_id = forgotten_user)
          AND (e.resource_name IS NOT NULL OR e.details ? 'email'))
      OR (addr IS NOT NULL AND (lower(e.resource_name) = addr
          OR EXISTS (SELECT 1 FROM jsonb_each_text(e.details) AS t WHERE lower(t.value) = addr)));
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END;
$$;
