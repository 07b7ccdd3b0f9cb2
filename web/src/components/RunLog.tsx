import { useEffect, useRef } from 'react';
import { withoutProgressLines } from './log-lines';

interface Props {
  text: string | null;
  /** Shown while there is no text yet. */
  placeholder: string;
}

/**
 * A run's log for people (without its progress lines), kept scrolled to its end as lines arrive
 * (unless scrolled up to read).
 */
export function RunLog({ text, placeholder }: Props) {
  const ref = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  const shown = text ? withoutProgressLines(text) : '';

  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  return (
    <pre
      ref={ref}
      className="run-log"
      data-testid="run-log"
      tabIndex={0}
      aria-label="Run log"
      onScroll={(event) => {
        const el = event.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {shown ? shown : <span className="muted">{placeholder}</span>}
    </pre>
  );
}
