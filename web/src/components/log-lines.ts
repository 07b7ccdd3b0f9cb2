/** The job contract's progress line (docs/job-contract.md): for the progress bar, not for people. */
const PROGRESS_LINE = /^::strata-progress step=[A-Za-z0-9_.-]{1,64} percent=\d{1,3}$/;
const MARKER = '::strata-progress';

/** An unfinished last line that may still become a progress line when the next chunk comes. */
function mayBecomeProgress(line: string): boolean {
  return line !== '' && (line.startsWith(MARKER) || MARKER.startsWith(line));
}

/**
 * A run log as people read it: without its `::strata-progress` lines. The unfinished last line
 * (a chunk may end inside a progress line) is held back while it may still become one.
 */
export function withoutProgressLines(text: string): string {
  const lines = text.split('\n');
  const last = lines.length - 1;
  return lines
    .filter((line, index) => {
      const trimmed = line.trim();
      if (PROGRESS_LINE.test(trimmed)) return false;
      return index !== last || !mayBecomeProgress(trimmed);
    })
    .join('\n');
}
