/** The termination message (docs/job-contract.md): `{"outputs": {...}, "error"?: "..."}`, at most 4096 bytes. */
import { writeFileSync } from 'node:fs';

export const TERMINATION_LIMIT = 4096;
export type Outputs = Record<string, string | number | boolean>;

/** The message as JSON, shortened to fit: urls first, then the error text. */
export function terminationMessage(outputs: Outputs, error?: string): string {
  const fits = (text: string) => Buffer.byteLength(text) <= TERMINATION_LIMIT;
  const out = { ...outputs };
  let reason = error;
  let text = JSON.stringify(reason ? { outputs: out, error: reason } : { outputs: out });
  while (!fits(text) && typeof out.urls === 'string' && out.urls.includes(',')) {
    out.urls = out.urls.slice(0, out.urls.lastIndexOf(','));
    text = JSON.stringify(reason ? { outputs: out, error: reason } : { outputs: out });
  }
  while (!fits(text) && reason && reason.length > 20) {
    reason = `${reason.slice(0, Math.floor(reason.length * 0.8))}…`;
    text = JSON.stringify({ outputs: out, error: reason });
  }
  return fits(text)
    ? text
    : JSON.stringify(reason ? { outputs: {}, error: reason.slice(0, 1000) } : { outputs: {} });
}

export function writeTermination(path: string, outputs: Outputs, error?: string) {
  try {
    writeFileSync(path, terminationMessage(outputs, error));
  } catch (e) {
    console.error(`installer: could not write the termination message: ${(e as Error).message}`);
  }
}
