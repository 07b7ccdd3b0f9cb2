# Tags (AWS, Azure) and labels (GCP) on every resource: which Strata organization and cluster
# it belongs to. Keys and values fit GCP's label rules (lower case, digits, - and _).
locals {
  strata_labels = {
    "strata-managed-by" = "strata"
    "strata-org-id"     = var.org_id
    "strata-cluster-id" = var.cluster_id
  }
}
