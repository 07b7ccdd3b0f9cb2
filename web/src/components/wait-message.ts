import type { ApiError } from '../api/problem';

/** "Too many attempts. Try again in 5 minutes." from a 429's Retry-After. */
export function waitMessage(error: ApiError): string {
  const seconds = error.retryAfterSeconds;
  if (seconds === null) return `${error.problem.detail} Please wait a moment and try again.`;
  return `Too many attempts. Try again in ${formatWait(seconds)}.`;
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
