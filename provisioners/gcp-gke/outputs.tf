# The job contract's outputs (docs/job-contract.md, CONTRACTS.md): strings only, nothing secret.
# The entrypoint refuses a sensitive output and fails if one of these is missing.

output "endpoint" {
  description = "HTTPS URL of the Kubernetes API server."
  value       = "https://${google_container_cluster.this.endpoint}"
}

output "caCertificate" {
  description = "Cluster CA certificate, base64 PEM as GKE returns it (no client certificate is issued)."
  value       = google_container_cluster.this.master_auth[0].cluster_ca_certificate
}

output "clusterId" {
  description = "projects/<project>/locations/<region>/clusters/<name>."
  value       = google_container_cluster.this.id
}

output "clusterName" {
  description = "The GKE cluster name."
  value       = google_container_cluster.this.name
}

output "version" {
  description = "Kubernetes minor version of the control plane, such as 1.33."
  value       = join(".", slice(split(".", google_container_cluster.this.master_version), 0, 2))
}

output "region" {
  description = "GCP region."
  value       = var.region
}

output "nodePool" {
  description = "Name of the node pool."
  value       = google_container_node_pool.default.name
}

output "networkId" {
  description = "VPC network id (projects/<project>/global/networks/<name>)."
  value       = google_compute_network.this.id
}

output "subnetIds" {
  description = "Subnetwork id (projects/<project>/regions/<region>/subnetworks/<name>)."
  value       = google_compute_subnetwork.nodes.id
}
