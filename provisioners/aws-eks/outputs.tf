# The job contract's outputs (docs/job-contract.md, CONTRACTS.md): strings only, nothing secret.
# The entrypoint refuses a sensitive output and fails if one of these is missing.

output "endpoint" {
  description = "HTTPS URL of the Kubernetes API server."
  value       = module.eks.cluster_endpoint
}

output "caCertificate" {
  description = "Cluster CA certificate, base64 PEM as EKS returns it."
  value       = module.eks.cluster_certificate_authority_data
}

output "clusterId" {
  description = "The cluster's ARN."
  value       = module.eks.cluster_arn
}

output "clusterName" {
  description = "The EKS cluster name."
  value       = module.eks.cluster_name
}

output "version" {
  description = "Kubernetes minor version of the control plane, such as 1.33."
  value       = module.eks.cluster_version
}

output "region" {
  description = "AWS region."
  value       = var.region
}

output "nodePool" {
  description = "Name of the managed node group (node_group_id is <cluster>:<node group>)."
  value       = element(split(":", module.eks.eks_managed_node_groups["default"].node_group_id), 1)
}

output "networkId" {
  description = "VPC id."
  value       = module.vpc.vpc_id
}

output "subnetIds" {
  description = "Subnet ids, comma-separated: the private ones first, then the public ones."
  value       = join(",", concat(module.vpc.private_subnets, module.vpc.public_subnets))
}
