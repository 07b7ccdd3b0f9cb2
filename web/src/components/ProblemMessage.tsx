import type { ApiError } from '../api/problem';
import { waitMessage } from './wait-message';

/** The problem's detail as an alert (the wait for a 429); field errors sit beside their fields. */
export function ProblemMessage({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      {error.status === 429 ? waitMessage(error) : error.problem.detail}
    </div>
  );
}
