import { useCallback, useEffect, useState } from 'react';
import { listOrganizations, switchOrganization, type Organization } from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { CreateOrgForm } from './CreateOrgForm';
import { Notice } from './Notice';
import { OrgItem } from './OrgItem';
import { ProblemMessage } from './ProblemMessage';

interface Props {
  /** Changes when the active organization may have changed, to list them again. */
  version: string;
  onSwitched: () => Promise<void>;
}

/** My organizations with my role in each; switching makes one active (a new access token). */
export function OrgSwitcher({ version, onSwitched }: Props) {
  const [orgs, setOrgs] = useState<Organization[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setOrgs(await listOrganizations());
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, version]);

  const switchTo = async (org: Organization, message: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await switchOrganization(org.id);
      setNotice(message);
      await onSwitched();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="orgs-heading">
      <h2 id="orgs-heading">Your organizations</h2>
      <ProblemMessage error={error} />
      {notice && <Notice>{notice}</Notice>}
      {orgs === null ? (
        !error && <p className="muted">Loading organizations…</p>
      ) : (
        <ul className="orgs">
          {orgs.map((org) => (
            <OrgItem
              key={org.id}
              org={org}
              busy={busy}
              onSwitch={(o) => void switchTo(o, `Switched to ${o.name}.`)}
            />
          ))}
        </ul>
      )}
      <CreateOrgForm
        onCreated={(org) => switchTo(org, `Created ${org.name}; you are its owner.`)}
      />
    </section>
  );
}
