import { useState } from 'react';
import { Card } from '../components/Card';
import { ClusterList } from '../components/ClusterList';
import { CreateClusterForm } from '../components/CreateClusterForm';
import { ProblemMessage } from '../components/ProblemMessage';
import { RoleBadge } from '../components/RoleBadge';
import { navigate } from '../components/router';
import { SignedInNav } from '../components/SignedInNav';
import { useMe } from '../components/use-me';
import { can } from '../api/roles';
import { useLiveOrganization } from '../live/use-live-events';

/** The active organization's clusters, live; admins and owners create them here. */
export function ClustersPage() {
  const { me, error } = useMe();
  const [version, setVersion] = useState(0);
  const org = me?.activeOrg;
  useLiveOrganization(org?.id);

  if (!me) {
    return (
      <Card title="Clusters" nav={<SignedInNav />}>
        {error ? <ProblemMessage error={error} /> : <p className="muted">Loading…</p>}
      </Card>
    );
  }
  return (
    <Card
      wide
      nav={<SignedInNav />}
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
          <ClusterList orgId={org.id} version={version} />
          {can(me.role, 'clusters.create') ? (
            <CreateClusterForm
              orgId={org.id}
              onCreated={(cluster) => {
                setVersion((v) => v + 1);
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
    </Card>
  );
}
