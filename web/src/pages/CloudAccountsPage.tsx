import { useQuery } from '@tanstack/react-query';
import { listCloudAccountViews } from '../api/cloud-accounts';
import { toApiError } from '../api/problem';
import { can } from '../api/roles';
import { keys } from '../app/query-keys';
import { AddCloudAccountForm } from '../components/AddCloudAccountForm';
import { CloudAccountItem } from '../components/CloudAccountItem';
import { Page } from '../components/Page';
import { ProblemMessage } from '../components/ProblemMessage';
import { useMe } from '../components/use-me';

/** The organization's cloud accounts; admins and owners add, rename, re-verify and delete. */
export function CloudAccountsPage() {
  const { me } = useMe();
  const orgId = me?.activeOrg?.id ?? '';
  const accounts = useQuery({
    queryKey: keys.cloudAccounts(orgId),
    queryFn: () => listCloudAccountViews(orgId),
    enabled: !!orgId,
  });
  if (!me) return null;
  const canManage = can(me.role, 'cloud.manage');
  return (
    <Page
      title="Cloud accounts"
      subtitle="The credentials clusters are created with, checked with the cloud when added and stored encrypted."
    >
      {!orgId ? (
        <p className="muted">Choose an organization first.</p>
      ) : (
        <>
          <section className="section section--first" aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">
              Accounts
              {accounts.data && <span className="count">{accounts.data.length}</span>}
            </h2>
            {accounts.error && <ProblemMessage error={toApiError(accounts.error)} />}
            {accounts.isPending ? (
              <p className="muted">Loading cloud accounts…</p>
            ) : accounts.data?.length === 0 ? (
              <p className="empty">
                No cloud accounts yet.{' '}
                {canManage
                  ? 'Add one below, or try Strata first with a sandbox cluster, which needs none.'
                  : 'Admins and owners add them.'}
              </p>
            ) : (
              <ul className="items">
                {accounts.data?.map((a) => (
                  <CloudAccountItem key={a.id} orgId={orgId} account={a} canManage={canManage} />
                ))}
              </ul>
            )}
          </section>
          {canManage ? (
            <AddCloudAccountForm orgId={orgId} />
          ) : (
            <p className="hint hint--block">Admins and owners add and change cloud accounts.</p>
          )}
        </>
      )}
    </Page>
  );
}
