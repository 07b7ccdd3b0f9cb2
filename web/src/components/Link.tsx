import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';

interface Props {
  to: string;
  children: ReactNode;
  className?: string;
  /** Marks the link to the page being shown (aria-current="page"). */
  current?: boolean;
  /** An accessible name other than the text (an icon with a count). */
  label?: string;
}

/** An ordinary link that navigates in place through the router (modified clicks open new tabs). */
export function Link({ to, children, className, current, label }: Props) {
  return (
    <RouterLink
      to={to}
      className={className}
      aria-current={current ? 'page' : undefined}
      aria-label={label}
    >
      {children}
    </RouterLink>
  );
}
