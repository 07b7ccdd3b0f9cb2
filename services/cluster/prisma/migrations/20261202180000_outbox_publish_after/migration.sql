-- Outbox rows leased to the process that committed them (it publishes them right after the
-- commit); the relay publishes a row only once its lease is over, or at once when it has none.
ALTER TABLE "outbox" ADD COLUMN "publish_after" TIMESTAMPTZ(3);
