import type { ReactNode } from 'react';

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  wide?: boolean;
  /** Shown beside the brand (the signed-in pages' navigation). */
  nav?: ReactNode;
  children: ReactNode;
}

/** The centered card every page sits in. */
export function Card({ title, subtitle, wide, nav, children }: Props) {
  return (
    <main className={wide ? 'card card--wide' : 'card'}>
      <div className="topbar">
        <div className="brand" aria-hidden="true">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Strata</span>
        </div>
        {nav}
      </div>
      <h1>{title}</h1>
      {subtitle && <p className="subtitle">{subtitle}</p>}
      {children}
    </main>
  );
}
