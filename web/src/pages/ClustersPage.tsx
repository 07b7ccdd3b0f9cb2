import { useQueryClient } from '@tanstack/react-query';
import { ClusterList } from '../components/ClusterList';
import { CreateClusterForm } from '../components/CreateClusterForm';
import { Page } from '../components/Page';
import { RoleBadge } from '../components/RoleBadge';
import { navigate } from '../components/router';
import { useMe } from '../components/use-me';
import { can } from '../api/roles';
import { keys } from '../app/query-keys';

/** The active organization's clusters, live; admins and owners create them here. */
export function ClustersPage() {
  const { me } = useMe();
  const client = useQueryClient();
  if (!me) return null;
  const org = me.activeOrg;
  return (
    <Page
      title="Clusters"
      subtitle={
        org && (
          <>
            In <strong>{org.name}</strong>, where your role is <RoleBadge role={me.role} />
          </>
        )
      }
    >
      {org ? (
        <div key={org.id}>
          <ClusterList orgId={org.id} />
          {can(me.role, 'clusters.create') ? (
            <CreateClusterForm
              orgId={org.id}
              onCreated={(cluster) => {
                void client.invalidateQueries({ queryKey: keys.clusters(org.id) });
                navigate(`/clusters/${cluster.id}`);
              }}
            />
          ) : (
            <p className="hint hint--block">
              Admins and owners create clusters; your role lets you follow them.
            </p>
          )}
        </div>
      ) : (
        <p className="muted">Choose an organization first.</p>
      )}
    </Page>
  );
}
