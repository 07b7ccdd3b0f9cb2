import { useCallback, useEffect, useState } from 'react';
import { getMe, type Me } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { loginPath } from './return-path';
import { navigate } from './router';

/**
 * The signed-in user for a page that needs one; anyone else is sent to sign in and brought back.
 * `reload` fetches again (after a switch, a role or username change).
 */
export function useMe() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const fetchMe = useCallback(async (): Promise<Me | null> => {
    try {
      const user = await getMe();
      setError(null);
      return user;
    } catch (caught) {
      const apiError = toApiError(caught);
      if (apiError.status === 401) {
        navigate(loginPath(window.location.pathname + window.location.search), { replace: true });
      } else {
        setError(apiError);
      }
      return null;
    }
  }, []);

  useEffect(() => {
    let live = true;
    void fetchMe().then((user) => live && user && setMe(user));
    return () => {
      live = false;
    };
  }, [fetchMe]);

  const reload = useCallback(async () => {
    const user = await fetchMe();
    if (user) setMe(user);
  }, [fetchMe]);

  return { me, error, reload, setMe };
}
