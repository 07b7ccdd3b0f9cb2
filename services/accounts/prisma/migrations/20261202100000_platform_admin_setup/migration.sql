-- CreateTable: the one-time platform-admin setup token of a production install (SHA-256 only).
CREATE TABLE "platform_admin_setup" (
    "id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "used_at" TIMESTAMPTZ(3),
    "used_by" UUID,

    CONSTRAINT "platform_admin_setup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex: "is there a platform admin yet" at every start.
CREATE INDEX "profiles_platform_admin_idx" ON "profiles"("platform_admin");
