# The job contract's outputs (docs/job-contract.md, CONTRACTS.md): strings only, nothing secret.
# The entrypoint refuses a sensitive output and fails if one of these is missing.

output "endpoint" {
  description = "HTTPS URL of the Kubernetes API server."
  value       = "https://${azurerm_kubernetes_cluster.this.fqdn}:443"
}

output "caCertificate" {
  description = "Cluster CA certificate, base64 PEM as AKS returns it. The provider marks the whole kube_config sensitive; the CA alone is public, the rest (no client key or password exists with local accounts disabled) is not output."
  value       = nonsensitive(azurerm_kubernetes_cluster.this.kube_config[0].cluster_ca_certificate)
}

output "clusterId" {
  description = "The cluster's Azure resource id."
  value       = azurerm_kubernetes_cluster.this.id
}

output "clusterName" {
  description = "The AKS cluster name."
  value       = azurerm_kubernetes_cluster.this.name
}

output "version" {
  description = "Kubernetes minor version of the control plane, such as 1.33."
  value       = join(".", slice(split(".", azurerm_kubernetes_cluster.this.current_kubernetes_version), 0, 2))
}

output "region" {
  description = "Azure location."
  value       = azurerm_resource_group.this.location
}

output "nodePool" {
  description = "Name of the default (system) node pool."
  value       = azurerm_kubernetes_cluster.this.default_node_pool[0].name
}

output "networkId" {
  description = "Virtual network resource id."
  value       = azurerm_virtual_network.this.id
}

output "subnetIds" {
  description = "Node subnet resource id."
  value       = azurerm_subnet.nodes.id
}
