import { resolveStateBackend, stateBackendParams, type ConnectorSummary } from './state-backend';

const ACCOUNT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const s3: ConnectorSummary = {
  cloudAccountId: ACCOUNT,
  target: { case: 's3', value: { bucket: 'state-bucket', region: 'eu-west-1' } },
};
const blob: ConnectorSummary = {
  cloudAccountId: ACCOUNT,
  target: { case: 'azureBlob', value: { storageAccount: 'strata01', container: 'tfstate' } },
};
const gcs: ConnectorSummary = {
  cloudAccountId: ACCOUNT,
  target: { case: 'gcs', value: { bucket: 'gcs-state' } },
};

describe('state backends', () => {
  it('maps each provider to its connector kind and keeps the target', () => {
    expect(resolveStateBackend('aws', ACCOUNT, s3)).toEqual({
      ok: true,
      backend: {
        stateBackend: 's3',
        stateBucket: 'state-bucket',
        stateRegion: 'eu-west-1',
        stateStorageAccount: null,
        stateContainer: null,
      },
    });
    const azure = resolveStateBackend('azure', ACCOUNT, blob);
    expect(azure.ok && azure.backend).toMatchObject({
      stateBackend: 'azurerm',
      stateStorageAccount: 'strata01',
      stateContainer: 'tfstate',
    });
    const google = resolveStateBackend('gcp', ACCOUNT, gcs);
    expect(google.ok && google.backend).toMatchObject({
      stateBackend: 'gcs',
      stateBucket: 'gcs-state',
    });
  });

  it('refuses a connector of another kind and one of another account, on stateConnectorId', () => {
    expect(resolveStateBackend('aws', ACCOUNT, gcs)).toEqual({
      ok: false,
      errors: [
        {
          field: 'stateConnectorId',
          message: "must be an S3 state connector (the cluster's provider is aws)",
        },
      ],
    });
    const wrong = resolveStateBackend('azure', ACCOUNT, { ...s3, cloudAccountId: OTHER });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.errors.map((e) => e.field)).toEqual([
      'stateConnectorId',
      'stateConnectorId',
    ]);
    expect(resolveStateBackend('gcp', ACCOUNT, { ...gcs, cloudAccountId: OTHER })).toMatchObject({
      ok: false,
      errors: [{ field: 'stateConnectorId', message: expect.stringContaining('cloud account') }],
    });
  });

  it('gives the documented STATE_* variables per backend, none without one', () => {
    const stored = (r: ReturnType<typeof resolveStateBackend>) => (r.ok ? r.backend : null)!;
    expect(stateBackendParams(stored(resolveStateBackend('aws', ACCOUNT, s3)))).toEqual({
      STATE_BACKEND: 's3',
      STATE_S3_BUCKET: 'state-bucket',
      STATE_S3_REGION: 'eu-west-1',
    });
    expect(stateBackendParams(stored(resolveStateBackend('azure', ACCOUNT, blob)))).toEqual({
      STATE_BACKEND: 'azurerm',
      STATE_AZURE_STORAGE_ACCOUNT: 'strata01',
      STATE_AZURE_CONTAINER: 'tfstate',
    });
    expect(stateBackendParams(stored(resolveStateBackend('gcp', ACCOUNT, gcs)))).toEqual({
      STATE_BACKEND: 'gcs',
      STATE_GCS_BUCKET: 'gcs-state',
    });
    expect(
      stateBackendParams({
        stateBackend: null,
        stateBucket: null,
        stateRegion: null,
        stateStorageAccount: null,
        stateContainer: null,
      }),
    ).toEqual({});
  });
});
