import { useEffect, useState } from 'react';
import { usernameAvailability } from '../api/usernames';
import { toApiError } from '../api/problem';
import type { FieldStatus } from './Field';
import { usernameReasonMessage } from './username-messages';

const DEBOUNCE_MS = 300;

/**
 * Checks a username as it is typed: one request once typing pauses, and only the answer for the
 * latest value is shown. Nothing is checked for an empty value or the user's current name.
 */
export function useUsernameCheck(value: string, current: string): FieldStatus | null {
  const name = value.trim();
  const [result, setResult] = useState<{ name: string; status: FieldStatus } | null>(null);

  useEffect(() => {
    if (!name || name.toLowerCase() === current) return;
    let live = true;
    const timer = setTimeout(() => {
      usernameAvailability(name).then(
        (availability) => {
          if (!live) return;
          const { available } = availability;
          const reason = 'reason' in availability ? availability.reason : undefined;
          setResult({
            name,
            status: available
              ? { tone: 'ok', text: `${name.toLowerCase()} is available.` }
              : { tone: 'bad', text: usernameReasonMessage(reason) },
          });
        },
        (error: unknown) => {
          if (!live) return;
          setResult({ name, status: { tone: 'bad', text: toApiError(error).problem.detail } });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [name, current]);

  if (!name || name.toLowerCase() === current) return null;
  if (result?.name === name) return result.status;
  return { tone: 'pending', text: 'Checking…' };
}
