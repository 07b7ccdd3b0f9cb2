/**
 * Splits a child's output into lines as it arrives and hands each chunk's complete lines to a
 * handler at once (one write per chunk, not per line). A line longer than MAX_LINE is passed on
 * in pieces rather than held.
 */
import type { Readable } from 'node:stream';

const MAX_LINE = 1024 * 1024;

export function forEachLines(stream: Readable, onLines: (lines: string[]) => void): Promise<void> {
  stream.setEncoding('utf8');
  let rest = '';
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: string) => {
      const text = rest + chunk;
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      if (rest.length > MAX_LINE) {
        parts.push(rest);
        rest = '';
      }
      if (parts.length > 0) onLines(parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
    });
    stream.on('end', () => {
      if (rest !== '') onLines([rest]);
      rest = '';
      resolve();
    });
    stream.on('error', reject);
  });
}
