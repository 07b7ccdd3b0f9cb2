import type { MouseEvent, ReactNode } from 'react';
import { navigate } from './router';

interface Props {
  to: string;
  children: ReactNode;
  className?: string;
  /** Marks the link to the page being shown (aria-current="page"). */
  current?: boolean;
}

/** An ordinary link that navigates in place (modified clicks still open new tabs). */
export function Link({ to, children, className, current }: Props) {
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
      onClick={onClick}
    >
      {children}
    </a>
  );
}
