-- Signing keys' private JWKs are sealed with envelope encryption (AUTH_MASTER_KEYS) from now on:
-- the ciphertext under a per-key data key, the data key wrapped by a master key, and its id.
ALTER TABLE "signing_keys"
    ADD COLUMN "private_key_ciphertext" BYTEA,
    ADD COLUMN "wrapped_data_key" BYTEA,
    ADD COLUMN "master_key_id" TEXT,
    ALTER COLUMN "private_jwk" DROP NOT NULL;

-- Transition for keys made before this migration: SQL has no master key, so their private JWK
-- stays until the auth service starts. At start it seals every such row in one locked
-- transaction and sets private_jwk to NULL (tokens they signed keep verifying, and the active
-- key keeps signing). A row holds either the plaintext (until then) or all three sealed
-- columns, never both. (No semicolons in these comments: the migration is split on them.)
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_private_sealed_check" CHECK (
    ("private_key_ciphertext" IS NULL) = ("wrapped_data_key" IS NULL)
    AND ("wrapped_data_key" IS NULL) = ("master_key_id" IS NULL)
    AND ("private_jwk" IS NULL) <> ("private_key_ciphertext" IS NULL)
);
