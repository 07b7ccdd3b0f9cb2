# Pinned exactly: the image mirrors these providers at build time (tofu providers mirror), so a
# run downloads nothing. hashicorp/aws >= 6.28 is what terraform-aws-modules/eks 21.19.0 and
# vpc 6.6.0 require; tls, time, cloudinit and null are what those modules use.
terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "= 6.59.0"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "= 4.1.0"
    }
    time = {
      source  = "hashicorp/time"
      version = "= 0.13.1"
    }
    cloudinit = {
      source  = "hashicorp/cloudinit"
      version = "= 2.3.7"
    }
    null = {
      source  = "hashicorp/null"
      version = "= 3.2.4"
    }
  }
}

# Credentials come from the environment only (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_SESSION_TOKEN from the run's Secret); nothing secret is in the configuration.
provider "aws" {
  region = var.region

  default_tags {
    tags = local.strata_labels
  }
}
