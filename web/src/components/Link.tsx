import type { MouseEvent, ReactNode } from 'react';
import { navigate } from './router';

interface Props {
  to: string;
  children: ReactNode;
  className?: string;
  /** Marks the link to the page being shown (aria-current="page"). */
  current?: boolean;
  /** An accessible name other than the text (an icon with a count). */
  label?: string;
}

/** An ordinary link that navigates in place (modified clicks still open new tabs). */
export function Link({ to, children, className, current, label }: Props) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a
      href={to}
      className={className}
      aria-current={current ? 'page' : undefined}
      aria-label={label}
      onClick={onClick}
    >
      {children}
    </a>
  );
}
