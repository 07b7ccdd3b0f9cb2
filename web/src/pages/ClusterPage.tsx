import { Card } from '../components/Card';
import { ClusterDetails } from '../components/ClusterDetails';
import { ProblemMessage } from '../components/ProblemMessage';
import { SignedInNav } from '../components/SignedInNav';
import { useMe } from '../components/use-me';
import { useLiveOrganization } from '../live/use-live-events';

/** /clusters/<id>: one cluster of the active organization, live. */
export function ClusterPage({ clusterId }: { clusterId: string }) {
  const { me, error } = useMe();
  const org = me?.activeOrg;
  useLiveOrganization(org?.id);
  return (
    <Card
      wide
      nav={<SignedInNav />}
      title="Cluster"
      pageTitle={false}
      subtitle={
        org && (
          <>
            In <strong>{org.name}</strong>
          </>
        )
      }
    >
      {!me ? (
        error ? (
          <ProblemMessage error={error} />
        ) : (
          <p className="muted">Loading…</p>
        )
      ) : org ? (
        <ClusterDetails
          key={`${org.id}/${clusterId}`}
          orgId={org.id}
          clusterId={clusterId}
          role={me.role}
        />
      ) : (
        <p className="muted">Choose an organization first.</p>
      )}
    </Card>
  );
}
