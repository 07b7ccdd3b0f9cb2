import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';

/**
 * The tab's query cache. Live events (live/live-cache.ts) keep it fresh, so answers stay fresh
 * for a while; a refused call (4xx) is not retried.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});
