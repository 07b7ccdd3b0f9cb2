-- Notifications, preferences, per-user push sequence and replay log.

CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "org_id" UUID,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- Each event makes each user's notification once, however often it is handled.
CREATE UNIQUE INDEX "notifications_event_id_user_id_key" ON "notifications"("event_id", "user_id");

-- The list, newest first, with the (created_at, id) cursor.
CREATE INDEX "notifications_user_id_created_at_id_idx" ON "notifications"("user_id", "created_at" DESC, "id" DESC);

-- Unread counts and the unread filter (partial: read rows are not in it).
CREATE INDEX "notifications_unread_idx" ON "notifications"("user_id", "created_at" DESC, "id" DESC) WHERE "read_at" IS NULL;

CREATE TABLE "notification_preferences" (
    "user_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "in_app" BOOLEAN NOT NULL,
    "email" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id", "kind")
);

CREATE TABLE "user_streams" (
    "user_id" UUID NOT NULL,
    "last_seq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "user_streams_pkey" PRIMARY KEY ("user_id")
);

CREATE TABLE "push_log" (
    "user_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "push_log_pkey" PRIMARY KEY ("user_id", "seq")
);

CREATE INDEX "push_log_created_at_idx" ON "push_log"("created_at");
CREATE INDEX "push_log_unpublished_idx" ON "push_log"("created_at") WHERE "published_at" IS NULL;
