import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  getPreferences,
  updatePreferences,
  type Preference,
} from '../api/notification-preferences';
import { toApiError } from '../api/problem';
import { keys } from '../app/query-keys';
import { Link } from '../components/Link';
import { kindGroup, kindLabel } from '../components/notification-kinds';
import { Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemMessage } from '../components/ProblemMessage';

/** Which notifications I get in the app and by email, per kind; each change is saved at once. */
export function NotificationPreferencesPage() {
  const client = useQueryClient();
  const prefs = useQuery({ queryKey: keys.preferences, queryFn: getPreferences });
  // The box just clicked shows its new state within the click: a controlled checkbox snaps back
  // until the cache's next render (a tick later), so the choice stands in for the list it was
  // made on and drops out as soon as the cached list changes.
  const [choice, setChoice] = useState<{ item: Preference; on: Preference[] | undefined }>();
  const shown = (p: Preference) =>
    choice && choice.on === prefs.data && choice.item.kind === p.kind ? choice.item : p;
  const save = useMutation({
    mutationFn: (item: Preference) => updatePreferences([item]),
    // Written into the cache (a fetch on its way would overwrite it, so it is cancelled); the
    // server's answer (or the stored list, after a refusal) replaces it.
    onMutate: async (item) => {
      await client.cancelQueries({ queryKey: keys.preferences });
      client.setQueryData<Preference[]>(keys.preferences, (items) =>
        items?.map((p) => (p.kind === item.kind ? item : p)),
      );
    },
    onSuccess: (items) => client.setQueryData(keys.preferences, items),
    onError: () => client.invalidateQueries({ queryKey: keys.preferences }),
  });
  const groups = new Map<string, Preference[]>();
  for (const p of prefs.data ?? []) {
    const group = kindGroup(p.kind);
    groups.set(group, [...(groups.get(group) ?? []), p]);
  }
  const failed = prefs.error ?? save.error;
  return (
    <Page
      title="Notification preferences"
      subtitle={
        <>
          Choose what reaches you in the app and by email.{' '}
          <Link to="/notifications">Back to notifications</Link>
        </>
      }
    >
      {failed && <ProblemMessage error={toApiError(failed)} />}
      {save.isSuccess && <Notice>Saved.</Notice>}
      {prefs.isPending ? (
        <p className="muted">Loading preferences…</p>
      ) : prefs.data?.length === 0 ? (
        <p className="empty">There is nothing to choose yet.</p>
      ) : (
        [...groups].map(([group, items]) => (
          <section key={group} className="section" aria-label={group}>
            <h2>{group}</h2>
            <table className="prefs">
              <thead>
                <tr>
                  <th scope="col">Notification</th>
                  <th scope="col">In the app</th>
                  <th scope="col">Email</th>
                </tr>
              </thead>
              <tbody>
                {items.map(shown).map((p) => (
                  <tr key={p.kind} data-testid="preference" data-kind={p.kind}>
                    <th scope="row">{kindLabel(p.kind)}</th>
                    {(['inApp', 'email'] as const).map((channel) => (
                      <td key={channel}>
                        <input
                          type="checkbox"
                          checked={p[channel]}
                          disabled={save.isPending}
                          aria-label={`${kindLabel(p.kind)}: ${channel === 'inApp' ? 'in the app' : 'by email'}`}
                          onChange={(event) => {
                            const item = { ...p, [channel]: event.target.checked };
                            setChoice({ item, on: prefs.data });
                            save.mutate(item);
                          }}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}
    </Page>
  );
}
