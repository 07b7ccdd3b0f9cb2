-- CreateTable: each user's first session ever (its sign-in is not a "new sign-in").
CREATE TABLE "first_sessions" (
    "user_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "first_sessions_pkey" PRIMARY KEY ("user_id")
);

-- Users already told of a sign-in have had their first session (its id is not known here).
INSERT INTO "first_sessions" ("user_id", "session_id")
SELECT DISTINCT "user_id", '00000000-0000-0000-0000-000000000000'::uuid
FROM "notifications" WHERE "kind" = 'security.new_sign_in';
