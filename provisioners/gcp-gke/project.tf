# GCP only: the project every resource goes to. The entrypoint takes it from the service account
# key's project_id (GOOGLE_CREDENTIALS).
variable "project_id" {
  description = "GCP project id (the service account key's project_id)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a GCP project id (6 to 30 lower-case letters, digits and hyphens)."
  }
}
