import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toApiError } from '../api/problem';
import {
  deleteStorageConnector,
  verifyStorageConnector,
  type StorageConnector,
} from '../api/storage-connectors';
import { keys } from '../app/query-keys';
import { cloudErrorText } from './cloud-errors';
import { ConfirmButton } from './ConfirmButton';
import { ProblemMessage } from './ProblemMessage';
import { relativeTime } from './relative-time';

const KIND_NAMES: Record<string, string> = { s3: 'S3', azure_blob: 'Azure Blob', gcs: 'GCS' };

function where(c: StorageConnector): string {
  if (c.kind === 's3') return `${c.bucket} in ${c.region}`;
  if (c.kind === 'azure_blob') return `${c.storageAccount}/${c.container}`;
  return c.bucket ?? '';
}

interface Props {
  orgId: string;
  connector: StorageConnector;
  accountName: string;
  canManage: boolean;
}

/** One state connector with its last probe's result; probe again or delete for admins. */
export function StorageConnectorItem({ orgId, connector: c, accountName, canManage }: Props) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: keys.storageConnectors(orgId) });
  const verify = useMutation({
    mutationFn: () => verifyStorageConnector(orgId, c.id),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => deleteStorageConnector(orgId, c.id),
    onSuccess: refresh,
  });
  const ok = c.status === 'verified';
  return (
    <li className="item" data-testid="storage-connector" data-name={c.name}>
      <div className="item__main">
        <span className="item__title">{c.name}</span>
        <span className="item__meta">
          {KIND_NAMES[c.kind] ?? c.kind} · {where(c)} · with {accountName}
          {c.verifiedAt && <> · probed {relativeTime(c.verifiedAt)}</>}
        </span>
        <p className={ok ? 'item__ok' : 'item__problem'} data-testid="probe-status">
          {ok
            ? 'Probe passed: Strata can write, read and delete objects here.'
            : cloudErrorText(c.lastErrorCode)}
        </p>
      </div>
      <span className={ok ? 'badge badge--ok' : 'badge badge--bad'}>{ok ? 'Ready' : 'Failed'}</span>
      {canManage && (
        <div className="item__actions">
          <button
            type="button"
            className="button button--small button--secondary"
            aria-label={`${verify.isPending ? 'Probing' : 'Probe again'}: ${c.name}`}
            disabled={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {verify.isPending ? 'Probing…' : 'Probe again'}
          </button>
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete ${c.name}`}
            confirmAriaLabel={`Confirm deleting ${c.name} (the bucket itself is kept)`}
            busy={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </div>
      )}
      {remove.error && <ProblemMessage error={toApiError(remove.error)} />}
    </li>
  );
}
