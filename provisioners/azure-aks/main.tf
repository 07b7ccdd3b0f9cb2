# An AKS cluster in a resource group and virtual network of its own: Azure CNI overlay on one
# node subnet, an autoscaling default (system) node pool, a system-assigned managed identity,
# the OIDC issuer and workload identity, Entra ID authentication with Azure RBAC and no local
# accounts, and "Azure Kubernetes Service RBAC Cluster Admin" for the service principal that
# runs OpenTofu, so Entra tokens of that principal work against the API server.

data "azurerm_client_config" "current" {}

locals {
  # Service and pod (overlay) ranges must not overlap the VNet: pick ranges outside it.
  in_ten       = can(regex("^10\\.", var.vpc_cidr))
  service_cidr = local.in_ten ? "172.16.0.0/16" : "10.240.0.0/16"
  pod_cidr     = local.in_ten ? "192.168.0.0/16" : "10.244.0.0/16"

  # AKS system node pools need at least one node.
  node_min_count = max(var.node_min_size, 1)
  node_max_count = max(var.node_max_size, local.node_min_count)

  # Node pool names: lower-case letters and digits, at most 12.
  node_pool_name = "system"
}

resource "azurerm_resource_group" "this" {
  name     = "strata-${var.cluster_name}"
  location = var.region
  tags     = local.strata_labels
}

resource "azurerm_virtual_network" "this" {
  name                = var.cluster_name
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  address_space       = [var.vpc_cidr]
  tags                = local.strata_labels
}

resource "azurerm_subnet" "nodes" {
  name                 = "nodes"
  resource_group_name  = azurerm_resource_group.this.name
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = [var.private_subnet_cidrs[0]]
}

resource "azurerm_kubernetes_cluster" "this" {
  name                = var.cluster_name
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  dns_prefix          = var.cluster_name
  kubernetes_version  = var.kubernetes_version
  node_resource_group = "strata-${var.cluster_name}-nodes"
  sku_tier            = "Free"

  default_node_pool {
    name                        = local.node_pool_name
    temporary_name_for_rotation = "rotation"
    vm_size                     = var.node_instance_type
    vnet_subnet_id              = azurerm_subnet.nodes.id
    auto_scaling_enabled        = true
    min_count                   = local.node_min_count
    max_count                   = local.node_max_count
    orchestrator_version        = var.kubernetes_version
    tags                        = local.strata_labels
  }

  identity {
    type = "SystemAssigned"
  }

  oidc_issuer_enabled       = true
  workload_identity_enabled = true

  role_based_access_control_enabled = true
  local_account_disabled            = true

  azure_active_directory_role_based_access_control {
    tenant_id          = data.azurerm_client_config.current.tenant_id
    azure_rbac_enabled = true
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    pod_cidr            = local.pod_cidr
    service_cidr        = local.service_cidr
    dns_service_ip      = cidrhost(local.service_cidr, 10)
    load_balancer_sku   = "standard"
  }

  tags = local.strata_labels

  lifecycle {
    # The autoscaler changes the node count.
    ignore_changes = [default_node_pool[0].node_count]
  }
}

# Cluster admin (Azure RBAC for Kubernetes) for the principal that provisions: the cloud
# service mints Entra tokens for the same service principal to reach the API server.
resource "azurerm_role_assignment" "strata_cluster_admin" {
  scope                = azurerm_kubernetes_cluster.this.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = data.azurerm_client_config.current.object_id
  principal_type       = "ServicePrincipal"
}
