# An EKS cluster in a VPC of its own: public subnets (NAT gateway, internet-facing load
# balancers) and private subnets (nodes, control-plane ENIs, internal load balancers), one managed
# node group (AL2023), the core add-ons, a public API endpoint, and cluster-admin access for the
# identity Strata provisions with.

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  # One availability zone per subnet pair, as many as the region has.
  zone_count = min(
    max(length(var.public_subnet_cidrs), length(var.private_subnet_cidrs)),
    length(data.aws_availability_zones.available.names),
  )
  azs = slice(data.aws_availability_zones.available.names, 0, local.zone_count)

  # Graviton instance families (t4g, m7g, c6gn, r8gd, ...) need the ARM AMI.
  ami_type = can(regex("^[a-z]+[0-9]+g[a-z]*\\.", var.node_instance_type)) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.0"

  name = var.cluster_name
  cidr = var.vpc_cidr
  azs  = local.azs

  public_subnets  = var.public_subnet_cidrs
  private_subnets = var.private_subnet_cidrs

  # One NAT gateway for the cluster's private subnets (a zone outage cuts their egress; see
  # docs/provisioners.md, known limits).
  enable_nat_gateway   = true
  single_nat_gateway   = true
  enable_dns_hostnames = true
  enable_dns_support   = true

  # Where the AWS Load Balancer Controller / in-tree service controller put load balancers.
  public_subnet_tags = {
    "kubernetes.io/role/elb" = "1"
  }
  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = "1"
  }

  tags = local.strata_labels
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.19.0"

  name               = var.cluster_name
  kubernetes_version = var.kubernetes_version

  # Strata reaches the API server from outside the VPC (kubeconfigs with short-lived tokens).
  endpoint_public_access = true

  # Access entries only (no aws-auth ConfigMap). The identity that runs OpenTofu becomes cluster
  # admin through an access entry: the module takes data.aws_iam_session_context's issuer_arn,
  # so an assumed-role session ARN (arn:aws:sts::<account>:assumed-role/<role>/<session>)
  # becomes the role's ARN (arn:aws:iam::<account>:role/<role>), which is what EKS accepts and
  # what the tokens Strata mints later authenticate as.
  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = true

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  addons = {
    coredns = {}
    eks-pod-identity-agent = {
      before_compute = true
    }
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
    }
  }

  eks_managed_node_groups = {
    default = {
      instance_types = [var.node_instance_type]
      ami_type       = local.ami_type
      min_size       = var.node_min_size
      max_size       = var.node_max_size
      # Only read at creation; the autoscaler owns it afterwards.
      desired_size = max(var.node_min_size, 1)
    }
  }

  tags = local.strata_labels
}
