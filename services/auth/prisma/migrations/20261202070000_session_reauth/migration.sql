-- When the session's user last re-authenticated with a fresh Google sign-in (account deletion).
ALTER TABLE "sessions" ADD COLUMN "reauthenticated_at" TIMESTAMPTZ(3);
