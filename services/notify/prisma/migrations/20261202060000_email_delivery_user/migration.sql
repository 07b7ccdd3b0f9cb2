-- The user an email was about (verification, password reset), so it is erased with the user.
ALTER TABLE "email_deliveries" ADD COLUMN "user_id" UUID;

-- CreateIndex
CREATE INDEX "email_deliveries_user_id_idx" ON "email_deliveries"("user_id");

-- CreateTable: tombstones of deleted users (the id only).
CREATE TABLE "deleted_users" (
    "user_id" UUID NOT NULL,
    "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deleted_users_pkey" PRIMARY KEY ("user_id")
);
