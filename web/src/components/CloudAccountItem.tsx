import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  deleteCloudAccount,
  renameCloudAccount,
  verifyCloudAccount,
  type CloudAccountView,
} from '../api/cloud-accounts';
import { toApiError } from '../api/problem';
import { keys } from '../app/query-keys';
import { cloudErrorText } from './cloud-errors';
import { ConfirmButton } from './ConfirmButton';
import { Field } from './Field';
import { ProblemMessage } from './ProblemMessage';
import { relativeTime } from './relative-time';

const PROVIDER_NAMES: Record<string, string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };

function identity(a: CloudAccountView): string {
  if (a.aws) return `account ${a.aws.accountId} · key ${a.aws.accessKeyHint}`;
  if (a.azure) return `subscription ${a.azure.subscriptionName || a.azure.subscriptionId}`;
  if (a.gcp) return `project ${a.gcp.projectId} · ${a.gcp.clientEmail}`;
  return '';
}

interface Props {
  orgId: string;
  account: CloudAccountView;
  canManage: boolean;
}

/** One cloud account: its status in words, and rename, re-verify and delete for admins. */
export function CloudAccountItem({ orgId, account: a, canManage }: Props) {
  const client = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(a.name);
  const refresh = () => client.invalidateQueries({ queryKey: keys.cloudAccounts(orgId) });
  const rename = useMutation({
    mutationFn: () => renameCloudAccount(orgId, a.id, name.trim()),
    onSuccess: async () => {
      setRenaming(false);
      await refresh();
    },
  });
  // A failed check answers 422 and saves the failure: the list shows it either way.
  const verify = useMutation({
    mutationFn: () => verifyCloudAccount(orgId, a.id),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => deleteCloudAccount(orgId, a.id),
    onSuccess: refresh,
  });
  const problem = [rename.error, remove.error].find(Boolean);
  const verified = a.status === 'verified';

  const submitRename = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate();
  };

  return (
    <li className="item" data-testid="cloud-account" data-name={a.name}>
      <div className="item__main">
        <span className="item__title">{a.name}</span>
        <span className="item__meta">
          {PROVIDER_NAMES[a.provider] ?? a.provider} · {a.environment} · {identity(a)}
          {a.verifiedAt && <> · checked {relativeTime(a.verifiedAt)}</>}
        </span>
        {!verified && (
          <p className="item__problem" data-testid="account-failure">
            {cloudErrorText(a.lastErrorCode)}
          </p>
        )}
      </div>
      <span className={verified ? 'badge badge--ok' : 'badge badge--bad'}>
        {verified ? 'Verified' : 'Check failed'}
      </span>
      {canManage && (
        <div className="item__actions">
          {renaming ? (
            <form className="inline-form" onSubmit={submitRename} noValidate>
              <Field label={`New name for ${a.name}`} value={name} onChange={setName} />
              <button type="submit" className="button button--small" disabled={rename.isPending}>
                Save
              </button>
              <button
                type="button"
                className="button button--small button--secondary"
                onClick={() => setRenaming(false)}
              >
                Cancel
              </button>
            </form>
          ) : (
            <button
              type="button"
              className="button button--small button--secondary"
              aria-label={`Rename ${a.name}`}
              onClick={() => setRenaming(true)}
            >
              Rename
            </button>
          )}
          <button
            type="button"
            className="button button--small button--secondary"
            aria-label={`${verify.isPending ? 'Checking' : 'Re-verify'} ${a.name}`}
            disabled={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {verify.isPending ? 'Checking…' : 'Re-verify'}
          </button>
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete ${a.name}`}
            confirmAriaLabel={`Confirm deleting ${a.name} and its storage connectors`}
            busy={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </div>
      )}
      {problem && <ProblemMessage error={toApiError(problem)} />}
    </li>
  );
}
