/**
 * OpenTofu's machine-readable UI (`tofu plan|apply -json`: one JSON message a line, documented in
 * OpenTofu's "Machine-Readable UI") turned into readable log lines, the run's progress and the
 * failure reason. Pure: one message in, lines out; keeps the counts it needs across messages.
 */

export interface Progress {
  step: string;
  percent: number;
}

export interface Translation {
  lines: string[];
  progress?: Progress;
}

export interface ChangeCounts {
  add: number;
  change: number;
  remove: number;
  import: number;
}

interface Resource {
  addr?: string;
}
interface Diagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  address?: string;
  range?: { filename?: string; start?: { line?: number; column?: number } };
}
interface UiMessage {
  '@level'?: string;
  '@message'?: string;
  type?: string;
  ui?: string;
  tofu?: string;
  terraform?: string;
  changes?: Partial<ChangeCounts> & { operation?: string };
  hook?: { resource?: Resource; action?: string };
  diagnostic?: Diagnostic;
}

/** Applied resources' actions that count towards progress (not data source reads). */
const COUNTED_ACTIONS = new Set(['create', 'update', 'delete', 'replace']);

const MAX_REASON = 1500;

export const progressLine = (p: Progress) =>
  `::strata-progress step=${p.step} percent=${p.percent}`;

export class TofuUiTranslator {
  /** The plan's change summary, once seen. */
  planned?: ChangeCounts;
  /** Resources applied so far (apply_complete). */
  applied = 0;
  /** Error diagnostics, readable, for the failure reason. */
  readonly errors: string[] = [];
  private lastPercent = -1;

  /**
   * @param step `plan` or `apply`: prefixes the lines and names the progress step.
   * @param total for `apply`: how many resource changes the plan has (progress denominator).
   */
  constructor(
    readonly step: 'plan' | 'apply',
    private readonly total = 0,
  ) {}

  translate(line: string): Translation {
    const text = line.trimEnd();
    if (text === '') return { lines: [] };
    let message: UiMessage;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return { lines: [text] };
      message = parsed as UiMessage;
    } catch {
      // Not a UI message (a crash trace, a provider's plain output): forwarded as it is.
      return { lines: [text] };
    }
    const prefix = `${this.step}: `;
    const said = message['@message'] ?? '';
    switch (message.type) {
      case 'version':
        return {
          lines: [
            `${prefix}${said || `OpenTofu ${message.tofu ?? message.terraform ?? ''}`} (UI ${message.ui ?? '?'})`,
          ],
        };
      case 'change_summary':
        return this.changeSummary(message, prefix);
      case 'diagnostic':
        return { lines: this.diagnostic(message.diagnostic ?? {}, said, prefix) };
      case 'apply_complete': {
        const lines = said ? [prefix + said] : [];
        if (COUNTED_ACTIONS.has(message.hook?.action ?? '')) this.applied += 1;
        const progress = this.progress(
          Math.min(99, this.total === 0 ? 99 : Math.floor((this.applied / this.total) * 100)),
        );
        return progress ? { lines, progress } : { lines };
      }
      default:
        // planned_change, resource_drift, apply_start/progress/errored, refresh_*, provision_*,
        // outputs (the message only: "Outputs: 9"), log, and types newer than this code.
        return { lines: said ? [prefix + said] : [] };
    }
  }

  /** The progress line for `percent`, unless it is the last one given. */
  progress(percent: number): Progress | undefined {
    if (percent === this.lastPercent) return undefined;
    this.lastPercent = percent;
    return { step: this.step, percent };
  }

  /** Why the command failed: its error diagnostics, else its exit code. */
  failureReason(command: string, exitCode: number | null, signal?: string | null): string {
    const cause =
      this.errors.length > 0
        ? this.errors.join('; ')
        : signal
          ? `it was stopped by ${signal}`
          : `it exited with code ${exitCode}`;
    return truncate(`tofu ${command} failed: ${cause}`, MAX_REASON);
  }

  private changeSummary(message: UiMessage, prefix: string): Translation {
    const c = message.changes ?? {};
    const counts: ChangeCounts = {
      add: c.add ?? 0,
      change: c.change ?? 0,
      remove: c.remove ?? 0,
      import: c.import ?? 0,
    };
    // In the plan step every summary is the plan's (`operation: plan`, also for -destroy).
    if (this.step === 'plan' || c.operation === 'plan') {
      this.planned = counts;
      const imports = counts.import > 0 ? `, ${counts.import} to import` : '';
      return {
        lines: [
          `${prefix}summary: ${counts.add} to add, ${counts.change} to change, ${counts.remove} to destroy${imports}`,
        ],
      };
    }
    return { lines: [prefix + (message['@message'] ?? 'complete')] };
  }

  private diagnostic(d: Diagnostic, said: string, prefix: string): string[] {
    const severity =
      d.severity === 'warning' ? 'warning' : d.severity === 'error' ? 'error' : 'note';
    const summary = d.summary || said || 'diagnostic';
    const where = [
      d.address,
      d.range?.filename
        ? `${d.range.filename}${d.range.start?.line ? `:${d.range.start.line}` : ''}`
        : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    const head = `${prefix}${severity}: ${summary}${where ? ` (${where})` : ''}`;
    const detail = (d.detail ?? '').trim();
    if (severity === 'error')
      this.errors.push(
        `${summary}${d.address ? ` (${d.address})` : ''}${detail ? `: ${oneLine(detail)}` : ''}`,
      );
    return detail ? [head, ...detail.split('\n').map((l) => `${prefix}  ${l}`)] : [head];
  }
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Total resource changes of a plan: what its apply will report as complete. */
export const plannedTotal = (c: ChangeCounts | undefined) => (c ? c.add + c.change + c.remove : 0);
