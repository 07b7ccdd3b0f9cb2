import type { FieldError } from '@strata/errors';
import type { Provider, StateBackend } from '../generated/prisma/enums';

/**
 * The state connector of a cluster (pure): it must be of the cluster's provider (s3 for aws,
 * azure_blob for azure, gcs for gcp) and use the cluster's own cloud account, since a run has
 * only that account's credentials. The resolved backend is stored on the cluster.
 */

/** What the cluster service needs of a storage connector (strata.cloud.v1.StorageConnector). */
export interface ConnectorSummary {
  cloudAccountId: string;
  target:
    | { case: 's3'; value: { bucket: string; region: string } }
    | { case: 'azureBlob'; value: { storageAccount: string; container: string } }
    | { case: 'gcs'; value: { bucket: string } }
    | { case: undefined; value?: undefined };
}

export interface ResolvedStateBackend {
  stateBackend: StateBackend;
  stateBucket: string | null;
  stateRegion: string | null;
  stateStorageAccount: string | null;
  stateContainer: string | null;
}

const EXPECTED: Record<Exclude<Provider, 'sandbox'>, { target: string; label: string }> = {
  aws: { target: 's3', label: 'an S3' },
  azure: { target: 'azureBlob', label: 'an Azure Blob' },
  gcp: { target: 'gcs', label: 'a GCS' },
};

const FIELD = 'stateConnectorId';

export function resolveStateBackend(
  provider: Exclude<Provider, 'sandbox'>,
  cloudAccountId: string,
  connector: ConnectorSummary,
): { ok: true; backend: ResolvedStateBackend } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const expected = EXPECTED[provider];
  if (connector.target.case !== expected.target)
    errors.push({
      field: FIELD,
      message: `must be ${expected.label} state connector (the cluster's provider is ${provider})`,
    });
  if (connector.cloudAccountId !== cloudAccountId)
    errors.push({
      field: FIELD,
      message: "must use the cluster's cloud account (the run has only that account's credentials)",
    });
  if (errors.length) return { ok: false, errors };
  const none = {
    stateBucket: null,
    stateRegion: null,
    stateStorageAccount: null,
    stateContainer: null,
  };
  const t = connector.target;
  switch (t.case) {
    case 's3':
      return {
        ok: true,
        backend: {
          ...none,
          stateBackend: 's3',
          stateBucket: t.value.bucket,
          stateRegion: t.value.region,
        },
      };
    case 'azureBlob':
      return {
        ok: true,
        backend: {
          ...none,
          stateBackend: 'azurerm',
          stateStorageAccount: t.value.storageAccount,
          stateContainer: t.value.container,
        },
      };
    default:
      return { ok: true, backend: { ...none, stateBackend: 'gcs', stateBucket: t.value!.bucket } };
  }
}

/** The STATE_* variables of a stored backend (docs/job-contract.md); none without one. */
export function stateBackendParams(c: {
  stateBackend: StateBackend | null;
  stateBucket: string | null;
  stateRegion: string | null;
  stateStorageAccount: string | null;
  stateContainer: string | null;
}): Record<string, string> {
  switch (c.stateBackend) {
    case 's3':
      return {
        STATE_BACKEND: 's3',
        STATE_S3_BUCKET: c.stateBucket ?? '',
        STATE_S3_REGION: c.stateRegion ?? '',
      };
    case 'azurerm':
      return {
        STATE_BACKEND: 'azurerm',
        STATE_AZURE_STORAGE_ACCOUNT: c.stateStorageAccount ?? '',
        STATE_AZURE_CONTAINER: c.stateContainer ?? '',
      };
    case 'gcs':
      return { STATE_BACKEND: 'gcs', STATE_GCS_BUCKET: c.stateBucket ?? '' };
    default:
      return {};
  }
}
