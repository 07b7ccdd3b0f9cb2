import { useEffect } from 'react';

const BRAND = 'Strata';

/**
 * The tab's title for a page: `<title> · Strata` (just `Strata` without one); `enabled` false
 * leaves it to another component.
 */
export function usePageTitle(title: string | null | undefined, enabled = true) {
  useEffect(() => {
    if (!enabled) return;
    document.title = title ? `${title} · ${BRAND}` : BRAND;
    return () => {
      document.title = BRAND;
    };
  }, [title, enabled]);
}
