# A regional GKE cluster (VPC-native) in a network of its own. GCP networks have no address
# space of their own and GKE needs no public/private subnet split, so the cluster's subnets map
# to one subnetwork and its two secondary ranges:
#   nodes    = private_subnet_cidrs[0]  (the subnetwork's primary range)
#   pods     = private_subnet_cidrs[1]  (secondary range "pods")
#   services = public_subnet_cidrs[0]   (secondary range "services")
# (with the default 10.0.0.0/16: nodes 10.0.128.0/18, pods 10.0.192.0/18, services 10.0.0.0/19).
# The entrypoint refuses a gcp run with fewer than two private subnets. vpc_cidr is not an input
# of any GCP resource; the ranges above lie inside it.

data "google_compute_zones" "available" {
  region = var.region
  status = "UP"
}

locals {
  # Spread the node pool over up to three zones, never more zones than the pool's maximum size
  # (a regional pool starts with one node per zone).
  node_zone_count = min(3, var.node_max_size, length(data.google_compute_zones.available.names))
  node_locations  = slice(sort(data.google_compute_zones.available.names), 0, local.node_zone_count)
}

resource "google_compute_network" "this" {
  name                    = var.cluster_name
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
}

resource "google_compute_subnetwork" "nodes" {
  name                     = "${var.cluster_name}-nodes"
  region                   = var.region
  network                  = google_compute_network.this.id
  ip_cidr_range            = var.private_subnet_cidrs[0]
  private_ip_google_access = true

  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = var.private_subnet_cidrs[1]
  }

  secondary_ip_range {
    range_name    = "services"
    ip_cidr_range = var.public_subnet_cidrs[0]
  }
}

resource "google_container_cluster" "this" {
  name     = var.cluster_name
  location = var.region

  network    = google_compute_network.this.id
  subnetwork = google_compute_subnetwork.nodes.id

  min_master_version = var.kubernetes_version

  # The default pool is removed at once; the node pool below is managed on its own.
  remove_default_node_pool = true
  initial_node_count       = 1
  # Strata destroys clusters it created (STRATA_ACTION=destroy).
  deletion_protection = false

  networking_mode = "VPC_NATIVE"
  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "services"
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  resource_labels = local.strata_labels
}

resource "google_container_node_pool" "default" {
  name           = "default"
  cluster        = google_container_cluster.this.id
  location       = var.region
  node_locations = local.node_locations

  initial_node_count = 1

  autoscaling {
    total_min_node_count = var.node_min_size
    total_max_node_count = var.node_max_size
    location_policy      = "BALANCED"
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type = var.node_instance_type
    labels       = local.strata_labels
    oauth_scopes = ["https://www.googleapis.com/auth/cloud-platform"]

    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }

  lifecycle {
    # The autoscaler changes the node count.
    ignore_changes = [initial_node_count]
  }
}
