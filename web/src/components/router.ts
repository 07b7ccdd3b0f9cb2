import { useEffect } from 'react';
import { useLocation as useRouterLocation, useNavigate } from 'react-router';

/** Where the app is: react-router's location (pathname and search). */
export interface Location {
  pathname: string;
  search: string;
}

export function useLocation(): Location {
  const { pathname, search } = useRouterLocation();
  return { pathname, search };
}

type Navigator = (to: string, options?: { replace?: boolean }) => void;

let navigator: Navigator | null = null;

/**
 * Navigation from outside a component's render (after an API call, in a hook's callback): it goes
 * through the router that NavigationBridge registered.
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (navigator) navigator(to, options);
  else window.location.assign(to);
}

/** Hands the router's navigate to `navigate` while mounted (inside the router). */
export function NavigationBridge() {
  const routerNavigate = useNavigate();
  useEffect(() => {
    navigator = (to, options) => void routerNavigate(to, { replace: options?.replace });
    return () => {
      navigator = null;
    };
  }, [routerNavigate]);
  return null;
}
