import { Link } from './Link';

interface Step {
  done: boolean;
  label: string;
  to: string;
  action: string;
}

/** The four steps from a new organization to a tool on a cluster, with the sandbox way round. */
export function FirstRunChecklist({ steps }: { steps: Step[] }) {
  const left = steps.filter((s) => !s.done).length;
  if (left === 0) return null;
  return (
    <section className="panel panel--checklist" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">Get started</h2>
      <ol className="checklist">
        {steps.map((s) => (
          <li
            key={s.label}
            className={s.done ? 'checklist__step checklist__step--done' : 'checklist__step'}
          >
            <span className="checklist__mark" aria-hidden="true">
              {s.done ? '✓' : ''}
            </span>
            <span className="checklist__label">
              {s.label}
              <span className="visually-hidden">{s.done ? ' (done)' : ' (to do)'}</span>
            </span>
            {!s.done && (
              <Link to={s.to} className="checklist__action">
                {s.action}
              </Link>
            )}
          </li>
        ))}
      </ol>
      <p className="hint hint--block" data-testid="sandbox-path">
        No cloud yet? Create a cluster with the <strong>sandbox</strong> provider on the{' '}
        <Link to="/clusters">Clusters page</Link>: it runs the whole lifecycle without a cloud
        account or a state connector, and you can install a tool on it.
      </p>
    </section>
  );
}
