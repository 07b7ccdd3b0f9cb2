# The inputs every Strata provisioner module takes. The entrypoint (provisioners/src) writes them
# to strata.auto.tfvars.json from the run's CLUSTER_* / STRATA_* environment; the test
# provisioners/test/modules.spec.ts fails when this list and the entrypoint's drift apart.
# Each module links this file (a symlink; the image build copies it in as a plain file).

variable "org_id" {
  description = "Strata organization id (UUID); tags/labels every resource."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.org_id))
    error_message = "org_id must be a lower-case UUID."
  }
}

variable "cluster_id" {
  description = "Strata cluster id (UUID); tags/labels every resource."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.cluster_id))
    error_message = "cluster_id must be a lower-case UUID."
  }
}

variable "cluster_name" {
  description = "Cluster name (DNS-1123 label, at most 40 characters); names the cluster and its network."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$", var.cluster_name))
    error_message = "cluster_name must be lower-case letters, digits and hyphens, start with a letter, end with a letter or digit, at most 40 characters."
  }
}

variable "region" {
  description = "Cloud region (AWS region, Azure location, GCP region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.region))
    error_message = "region must be a cloud region name such as eu-west-1, westeurope or europe-west1."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version, such as 1.33."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version such as 1.33."
  }
}

variable "vpc_cidr" {
  description = "Address space of the VPC / VNet (IPv4 CIDR, /16 to /24)."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && can(regex("/(1[6-9]|2[0-4])$", var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR block from /16 to /24."
  }
}

variable "public_subnet_cidrs" {
  description = "Public subnets (IPv4 CIDRs inside vpc_cidr). AWS: public subnets with the NAT gateway and internet-facing load balancers; GCP: the first is the services secondary range; Azure: not used."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_cidrs) >= 1 && alltrue([for c in var.public_subnet_cidrs : can(cidrnetmask(c))])
    error_message = "public_subnet_cidrs must hold at least one IPv4 CIDR block."
  }
}

variable "private_subnet_cidrs" {
  description = "Private subnets (IPv4 CIDRs inside vpc_cidr). AWS: node and control-plane subnets; Azure: the first is the node subnet; GCP: the first is the node range, the second the pods secondary range."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_cidrs) >= 1 && alltrue([for c in var.private_subnet_cidrs : can(cidrnetmask(c))])
    error_message = "private_subnet_cidrs must hold at least one IPv4 CIDR block."
  }
}

variable "node_instance_type" {
  description = "Instance type of the node pool (EC2 instance type, Azure VM size, GCE machine type)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", var.node_instance_type))
    error_message = "node_instance_type must be an instance type name such as t3.large, Standard_D4s_v5 or e2-standard-4."
  }
}

variable "node_min_size" {
  description = "Fewest nodes in the node pool (the autoscaler's minimum)."
  type        = number

  validation {
    condition     = var.node_min_size >= 0 && var.node_min_size <= 100 && floor(var.node_min_size) == var.node_min_size
    error_message = "node_min_size must be a whole number from 0 to 100."
  }
}

variable "node_max_size" {
  description = "Most nodes in the node pool (the autoscaler's maximum); at least node_min_size and at least 1."
  type        = number

  validation {
    condition     = var.node_max_size >= 1 && var.node_max_size <= 100 && floor(var.node_max_size) == var.node_max_size
    error_message = "node_max_size must be a whole number from 1 to 100 (the entrypoint checks it is at least node_min_size)."
  }
}
