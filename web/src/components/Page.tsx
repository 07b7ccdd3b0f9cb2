import type { ReactNode } from 'react';
import { usePageTitle } from './use-page-title';

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Controls beside the heading (a link to preferences, say). */
  actions?: ReactNode;
  /** `false` when a component inside names the tab itself (with usePageTitle). */
  pageTitle?: string | false;
  children: ReactNode;
}

/** A signed-in page inside the shell: its heading, and the tab titled "<title> · Strata". */
export function Page({ title, subtitle, actions, pageTitle, children }: Props) {
  const named = pageTitle ?? (typeof title === 'string' ? title : undefined);
  usePageTitle(named === false ? undefined : named, named !== false);
  return (
    <div className="page">
      <div className="page__head">
        <div>
          <h1>{title}</h1>
          {subtitle && <p className="subtitle">{subtitle}</p>}
        </div>
        {actions && <div className="page__actions">{actions}</div>}
      </div>
      {children}
    </div>
  );
}
