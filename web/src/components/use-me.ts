import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { getMe, type Me } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { keys } from '../app/query-keys';
import { loginPath } from './return-path';
import { navigate } from './router';

/**
 * The signed-in user for a page that needs one (the `me` query); anyone else is sent to sign in
 * and brought back. `reload` fetches again (after a switch, a role or username change).
 */
export function useMe() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: keys.me, queryFn: getMe });
  const error: ApiError | null = query.error ? toApiError(query.error) : null;
  const signedOut = error?.status === 401;

  useEffect(() => {
    if (!signedOut) return;
    client.removeQueries();
    navigate(loginPath(window.location.pathname + window.location.search), { replace: true });
  }, [signedOut, client]);

  const reload = useCallback(async () => {
    await client.invalidateQueries({ queryKey: keys.me });
  }, [client]);
  const setMe = useCallback((me: Me) => client.setQueryData(keys.me, me), [client]);

  return { me: query.data ?? null, error: signedOut ? null : error, reload, setMe };
}
