import type { ReactNode } from 'react';
import { Link } from './Link';
import { usePageTitle } from './use-page-title';

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  wide?: boolean;
  /** Shown beside the brand (the signed-in pages' navigation). */
  nav?: ReactNode;
  /**
   * The tab's title when `title` is not plain text; `false` when a component inside names the
   * page itself (with usePageTitle).
   */
  pageTitle?: string | false;
  children: ReactNode;
}

/** The centered card every page sits in. */
export function Card({ title, subtitle, wide, nav, pageTitle, children }: Props) {
  const named = pageTitle ?? (typeof title === 'string' ? title : undefined);
  usePageTitle(named === false ? undefined : named, named !== false);
  return (
    <>
      {/* The signed-in pages' first stop for the keyboard (WCAG 2.4.1, bypass blocks). */}
      {nav && (
        <a className="skip-link" href="#main">
          Skip to content
        </a>
      )}
      <main id="main" tabIndex={-1} className={wide ? 'card card--wide' : 'card'}>
        <div className="topbar">
          {/* The wordmark leads home: the account page, where signing in lands. */}
          <Link to="/" className="brand" label="Strata, home">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>Strata</span>
          </Link>
          {nav}
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
        {children}
      </main>
    </>
  );
}
