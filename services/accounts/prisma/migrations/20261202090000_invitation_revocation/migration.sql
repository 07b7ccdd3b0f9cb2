-- Revoked invitations: the token stops working at once, the row stays for the record.
ALTER TABLE "invitations" ADD COLUMN "revoked_at" TIMESTAMPTZ(3);
ALTER TABLE "invitations" ADD COLUMN "revoked_by" UUID;

-- The pending invitations of an organization, newest first (accepted_at and revoked_at null).
CREATE INDEX "invitations_org_id_accepted_at_revoked_at_created_at_id_idx" ON "invitations"("org_id", "accepted_at", "revoked_at", "created_at", "id");
