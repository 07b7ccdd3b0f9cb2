# Pinned exactly: the image mirrors this provider at build time (tofu providers mirror), so a run
# downloads nothing.
terraform {
  required_version = ">= 1.10.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "= 4.55.0"
    }
  }
}

# Credentials and subscription come from the environment only (ARM_TENANT_ID, ARM_CLIENT_ID,
# ARM_CLIENT_SECRET, ARM_SUBSCRIPTION_ID from the run's Secret). Resource providers are not
# registered by the run (that needs subscription-wide rights): Microsoft.ContainerService,
# Microsoft.Network and Microsoft.Compute must be registered already (docs/provisioners.md).
provider "azurerm" {
  features {}
  resource_provider_registrations = "none"
}
