-- Stored pushes in the form of proto/strata/notify/v1/pushes.proto: what is absent is left out,
-- not written as "" (a notification's orgId, a status push's runId and reason) or null (readAt).
UPDATE "push_log" SET "data" = "data" - 'orgId'
WHERE "type" = 'notification' AND "data"->>'orgId' = '';

UPDATE "push_log" SET "data" = "data" - 'readAt'
WHERE "type" = 'notification' AND "data" ? 'readAt' AND jsonb_typeof("data"->'readAt') = 'null';

UPDATE "push_log" SET "data" = "data" - 'runId'
WHERE "type" IN ('cluster', 'app') AND "data"->>'runId' = '';

UPDATE "push_log" SET "data" = "data" - 'reason'
WHERE "type" IN ('cluster', 'app') AND "data"->>'reason' = '';
