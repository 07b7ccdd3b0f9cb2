# Pinned exactly: the image mirrors this provider at build time (tofu providers mirror), so a run
# downloads nothing.
terraform {
  required_version = ">= 1.10.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "= 7.36.0"
    }
  }
}

# Credentials come from the environment only (GOOGLE_CREDENTIALS, the service account key JSON
# from the run's Secret); the project is the key's project_id, passed as var.project_id.
provider "google" {
  project        = var.project_id
  region         = var.region
  default_labels = local.strata_labels
}
