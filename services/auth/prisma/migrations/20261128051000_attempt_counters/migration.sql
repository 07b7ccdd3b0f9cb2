-- CreateTable: rate-limiter-flexible's RateLimiterPostgres layout (failed logins, resends).
CREATE TABLE "attempt_counters" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "attempt_counters_pkey" PRIMARY KEY ("key")
);
