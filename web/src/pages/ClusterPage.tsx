import { useParams } from 'react-router';
import { ClusterDetails } from '../components/ClusterDetails';
import { Page } from '../components/Page';
import { useMe } from '../components/use-me';

const UUID = /^[0-9a-f-]{36}$/i;

/** /clusters/<id>: one cluster of the active organization, live. */
export function ClusterPage() {
  const { me } = useMe();
  const { clusterId = '' } = useParams();
  const org = me?.activeOrg;
  if (!UUID.test(clusterId)) {
    return (
      <Page title="Page not found">
        <p>There is no cluster at this address.</p>
      </Page>
    );
  }
  if (!me) return null;
  return (
    <Page
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
      {org ? (
        <ClusterDetails
          key={`${org.id}/${clusterId}`}
          orgId={org.id}
          clusterId={clusterId}
          role={me.role}
        />
      ) : (
        <p className="muted">Choose an organization first.</p>
      )}
    </Page>
  );
}
