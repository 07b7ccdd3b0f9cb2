// Prefixes child output with a coloured, padded label and compacts pino JSON lines to
// `time level msg key=value ...` (a tiny stand-in for pino-pretty, which is not installed).
import { createInterface } from 'node:readline';

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColour ? `\x1b[${code}m${text}\x1b[0m` : text);

const LABEL_COLOURS = [36, 35, 33, 32, 34, 96, 95];
const LEVEL_COLOURS = { trace: 90, debug: 90, info: 32, warn: 33, error: 31, fatal: 41 };
const PINO_LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const OMIT = new Set(['level', 'time', 'msg', 'message', 'service', 'pid', 'hostname', 'v']);
export const LABEL_WIDTH = 8;

let nextColour = 0;
const labelColours = new Map();

/** `auth    | ` in the label's own colour. */
export function label(name) {
  if (!labelColours.has(name))
    labelColours.set(name, LABEL_COLOURS[nextColour++ % LABEL_COLOURS.length]);
  return paint(labelColours.get(name), `${name.padEnd(LABEL_WIDTH)}|`) + ' ';
}

/** Prints one line of a child's output under its label. */
export function printLine(name, line) {
  const text = formatLine(line);
  const prefix = label(name);
  process.stdout.write(
    text
      .split('\n')
      .map((part) => prefix + part)
      .join('\n') + '\n',
  );
}

/** Pipes a child's stdout and stderr, line by line, through printLine. */
export function pipeOutput(child, name, onLine, show = () => true) {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      onLine?.(line);
      if (show(line)) printLine(name, line);
    });
  }
}

function value(v) {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/** A pino JSON line as `HH:MM:SS.mmm LEVEL msg k=v ...`; any other line unchanged. */
export function formatLine(line) {
  if (!line.startsWith('{')) return line;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (!entry || typeof entry !== 'object') return line;
  const level = String(PINO_LEVELS[entry.level] ?? entry.level ?? 'info');
  const time =
    typeof entry.time === 'string'
      ? entry.time.slice(11, 23)
      : typeof entry.time === 'number'
        ? new Date(entry.time).toISOString().slice(11, 23)
        : '';
  const parts = [
    paint(90, time),
    paint(LEVEL_COLOURS[level] ?? 0, level.toUpperCase().padEnd(5)),
    entry.msg ?? entry.message ?? '',
  ];
  let stack;
  for (const [key, v] of Object.entries(entry)) {
    if (OMIT.has(key) || v === undefined) continue;
    if (key === 'req' && v && typeof v === 'object') {
      parts.push(`${v.method ?? ''} ${v.url ?? ''}`.trim());
      if (v.id !== undefined) parts.push(`reqId=${value(v.id)}`);
    } else if (key === 'res' && v && typeof v === 'object') {
      parts.push(`status=${v.statusCode}`);
    } else if (key === 'err' && v && typeof v === 'object') {
      parts.push(`err=${value(v.message ?? v.type ?? v)}`);
      if (typeof v.stack === 'string') stack = v.stack;
    } else {
      parts.push(`${key}=${value(v)}`);
    }
  }
  const text = parts.filter((p) => p !== '').join(' ');
  return stack ? `${text}\n  ${stack.split('\n').slice(1).join('\n  ')}` : text;
}
