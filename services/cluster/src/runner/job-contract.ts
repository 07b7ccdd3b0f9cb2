/**
 * The Job contract (docs/job-contract.md), pure parts: progress lines on stdout and the
 * termination message.
 */

/** `::strata-progress step=<name> percent=<0-100>` on a line of its own. */
const PROGRESS_RE = /^::strata-progress step=([A-Za-z0-9_.-]{1,64}) percent=(\d{1,3})\s*$/;

export interface Progress {
  step: string;
  percent: number;
}

export function parseProgressLine(line: string): Progress | null {
  const match = PROGRESS_RE.exec(line.trim());
  if (!match) return null;
  const percent = Number(match[2]);
  if (percent > 100) return null;
  return { step: match[1]!, percent };
}

/** The last progress line in a piece of log, if any. */
export function lastProgress(text: string): Progress | null {
  let last: Progress | null = null;
  for (const line of text.split('\n')) last = parseProgressLine(line) ?? last;
  return last;
}

export interface TerminationMessage {
  /** Flat outputs: endpoint, version, and what app installs need (strings, numbers, booleans). */
  outputs: Record<string, string | number | boolean>;
  /** Set by a failing job: why. */
  error?: string;
}

/** Kubernetes keeps at most 4096 bytes of a termination message. */
export const TERMINATION_MESSAGE_LIMIT = 4096;

/**
 * Parses `{"outputs": {...}, "error": "..."}`; anything else (empty, not JSON, nested values)
 * gives `{ outputs: {} }` plus a `problem` saying why, so a bad image never breaks the service.
 */
export function parseTerminationMessage(
  text: string | undefined | null,
): TerminationMessage & { problem?: string } {
  if (!text || text.trim() === '') return { outputs: {}, problem: 'no termination message' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { outputs: {}, problem: 'the termination message is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { outputs: {}, problem: 'the termination message is not a JSON object' };
  const record = parsed as Record<string, unknown>;
  const outputs: Record<string, string | number | boolean> = {};
  const raw = record.outputs;
  let problem: string | undefined;
  if (raw !== undefined) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      problem = 'outputs is not an object';
    else
      for (const [key, value] of Object.entries(raw)) {
        if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key)) {
          problem = `output name ${JSON.stringify(key).slice(0, 70)} is invalid`;
          continue;
        }
        if (['string', 'number', 'boolean'].includes(typeof value))
          outputs[key] = value as string | number | boolean;
        else problem = `output ${key} is not a string, number or boolean`;
      }
  }
  const error =
    typeof record.error === 'string' && record.error.trim() !== ''
      ? record.error.slice(0, 2000)
      : undefined;
  return { outputs, ...(error ? { error } : {}), ...(problem ? { problem } : {}) };
}

/** The last `count` lines of a log (the tail kept with a failed run). */
export function tailLines(text: string, count = 20, maxChars = 8000): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.slice(-count).join('\n').slice(-maxChars);
}
