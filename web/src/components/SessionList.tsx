import { useCallback, useEffect, useState } from 'react';
import { listSessions, revokeOtherSessions, revokeSession, type Session } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';
import { SessionItem } from './SessionItem';

/** The signed-in user's sessions, with revoke one and sign out everywhere else. */
export function SessionList({ version }: { version: number }) {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSessions(await listSessions());
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, version]);

  const act = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
      await load();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const revokeOne = (id: string) =>
    act(async () => {
      await revokeSession(id);
      return 'The session was signed out.';
    });
  const revokeOthers = () =>
    act(async () => {
      const { revokedCount } = await revokeOtherSessions();
      return revokedCount === 1
        ? 'Signed out of 1 other session.'
        : `Signed out of ${revokedCount} other sessions.`;
    });

  const others = sessions?.filter((s) => !s.current).length ?? 0;
  return (
    <section className="section" aria-labelledby="sessions-heading">
      <div className="section__header">
        <h2 id="sessions-heading">Sessions</h2>
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={busy || others === 0}
          onClick={revokeOthers}
        >
          Sign out everywhere else
        </button>
      </div>
      <ProblemMessage error={error} />
      {notice && <Notice>{notice}</Notice>}
      {sessions === null ? (
        <p className="muted">Loading sessions…</p>
      ) : (
        <ul className="sessions">
          {sessions.map((session) => (
            <SessionItem key={session.id} session={session} busy={busy} onRevoke={revokeOne} />
          ))}
        </ul>
      )}
    </section>
  );
}
