import { useQuery } from '@tanstack/react-query';
import { listCloudAccountViews } from '../api/cloud-accounts';
import { toApiError } from '../api/problem';
import { can } from '../api/roles';
import { listStorageConnectors } from '../api/storage-connectors';
import { keys } from '../app/query-keys';
import { AddStorageConnectorForm } from '../components/AddStorageConnectorForm';
import { Page } from '../components/Page';
import { ProblemMessage } from '../components/ProblemMessage';
import { StorageConnectorItem } from '../components/StorageConnectorItem';
import { useMe } from '../components/use-me';

/** The organization's state connectors (Terraform state storage), each proved by a probe. */
export function StoragePage() {
  const { me } = useMe();
  const orgId = me?.activeOrg?.id ?? '';
  const connectors = useQuery({
    queryKey: keys.storageConnectors(orgId),
    queryFn: () => listStorageConnectors(orgId),
    enabled: !!orgId,
  });
  const accounts = useQuery({
    queryKey: keys.cloudAccounts(orgId),
    queryFn: () => listCloudAccountViews(orgId),
    enabled: !!orgId,
  });
  if (!me) return null;
  const canManage = can(me.role, 'cloud.manage');
  const accountName = (id: string) =>
    accounts.data?.find((a) => a.id === id)?.name ?? 'a deleted account';
  const failed = connectors.error ?? accounts.error;
  return (
    <Page
      title="Storage"
      subtitle="Where clusters keep their Terraform state: a bucket or container in your cloud."
    >
      {!orgId ? (
        <p className="muted">Choose an organization first.</p>
      ) : (
        <>
          <section className="section section--first" aria-labelledby="connectors-heading">
            <h2 id="connectors-heading">
              State connectors
              {connectors.data && <span className="count">{connectors.data.length}</span>}
            </h2>
            {failed && <ProblemMessage error={toApiError(failed)} />}
            {connectors.isPending ? (
              <p className="muted">Loading state connectors…</p>
            ) : connectors.data?.length === 0 ? (
              <p className="empty">
                No state connectors yet. A cloud cluster keeps its state in one; sandbox clusters
                need none.
              </p>
            ) : (
              <ul className="items">
                {connectors.data?.map((c) => (
                  <StorageConnectorItem
                    key={c.id}
                    orgId={orgId}
                    connector={c}
                    accountName={accountName(c.cloudAccountId)}
                    canManage={canManage}
                  />
                ))}
              </ul>
            )}
          </section>
          {canManage ? (
            accounts.data && <AddStorageConnectorForm orgId={orgId} accounts={accounts.data} />
          ) : (
            <p className="hint hint--block">Admins and owners add and delete state connectors.</p>
          )}
        </>
      )}
    </Page>
  );
}
