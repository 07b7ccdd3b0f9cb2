/**
 * One run: prepare the workspace, `tofu init`, `tofu plan -out` (with `-destroy` to destroy),
 * `tofu apply <plan>`, then `tofu output -json` for an apply. Every line is forwarded as it comes
 * (masked by the sink), progress lines mark plan, apply and outputs.
 */
import { rm } from 'node:fs/promises';
import type { Masker } from './masker';
import { MODULE_OF, type RunConfig } from './run-config';
import { TofuUiTranslator, plannedTotal, progressLine, truncate, type Progress } from './tofu-ui';
import type { TofuExit, TofuProcess } from './tofu-process';
import { MissingModuleError, prepareWorkspace } from './workspace';
import { flattenOutputs, outputsTooLarge, type OutputValue } from './termination';

/** Where lines go: stdout and stderr, masked. */
export interface LogSink {
  out(lines: string[]): void;
  err(lines: string[]): void;
}

export function maskedSink(
  masker: Masker,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): LogSink {
  const write = (stream: NodeJS.WritableStream, lines: string[]) => {
    if (lines.length > 0) stream.write(masker.mask(`${lines.join('\n')}\n`));
  };
  return { out: (lines) => write(stdout, lines), err: (lines) => write(stderr, lines) };
}

export type RunResult =
  | { ok: true; outputs: Record<string, OutputValue> }
  | { ok: false; error: string; exitCode: number };

export const CANCELLED = 'cancelled';
export const EXIT_FAILED = 1;
export const EXIT_BAD_ENVIRONMENT = 2;
export const EXIT_CANCELLED = 143;

export interface ProvisionDeps {
  config: RunConfig;
  env: NodeJS.ProcessEnv;
  sink: LogSink;
  tofu: TofuProcess;
  cancelled: () => boolean;
}

export async function provision(deps: ProvisionDeps): Promise<RunResult> {
  let runDir: string | undefined;
  try {
    return await provisionIn(deps, (dir) => (runDir = dir));
  } finally {
    // The plan file may hold resource values: nothing of the run stays behind (the local runner
    // shares the host's /tmp; in Kubernetes the emptyDir goes with the Pod anyway).
    if (runDir) await rm(runDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function provisionIn(
  deps: ProvisionDeps,
  created: (runDir: string) => void,
): Promise<RunResult> {
  const { config, sink, tofu } = deps;
  const c = config.cluster;
  const fail = (error: string, exitCode = EXIT_FAILED): RunResult => ({
    ok: false,
    error: truncate(error, 2000),
    exitCode,
  });
  const cancelled = (): RunResult => fail(CANCELLED, EXIT_CANCELLED);
  const progress = (p: Progress | undefined) => {
    if (p) sink.out([progressLine(p)]);
  };

  sink.out([
    `strata: ${config.action} of ${config.provider} cluster ${c.name} in ${c.region} ` +
      `(module ${MODULE_OF[config.provider]}, run ${config.runId}, state ${describeState(config)})`,
  ]);
  let workspace;
  try {
    workspace = await prepareWorkspace(config, deps.env);
    created(workspace.runDir);
  } catch (error) {
    if (error instanceof MissingModuleError) return fail(error.message, EXIT_BAD_ENVIRONMENT);
    return fail(`could not prepare the work directory: ${(error as Error).message}`);
  }
  const run = (args: string[], onStdoutLines?: (lines: string[]) => void): Promise<TofuExit> =>
    tofu.run({
      args,
      cwd: workspace.moduleDir,
      env: workspace.env,
      onStderrLines: (lines) => sink.err(lines),
      ...(onStdoutLines ? { onStdoutLines } : {}),
    });
  const notStarted = (exit: TofuExit) =>
    exit.startError ? `could not start tofu (${config.tofuBinary}): ${exit.startError}` : undefined;

  // init: the backend (this cluster's state object) and the providers from the image's mirror.
  if (deps.cancelled()) return cancelled();
  const initLines: string[] = [];
  const init = await run(['init', '-input=false', '-no-color', '-get=false'], (lines) => {
    initLines.push(...lines);
    sink.out(lines.filter((l) => l.trim() !== '').map((l) => `init: ${l}`));
  });
  if (deps.cancelled()) return cancelled();
  if (init.code !== 0)
    return fail(
      notStarted(init) ?? `tofu init failed: ${initErrors(initLines) || `exit code ${init.code}`}`,
    );

  // plan
  const plan = new TofuUiTranslator('plan');
  progress(plan.progress(0));
  const planArgs = [
    'plan',
    '-input=false',
    '-json',
    '-lock-timeout=120s',
    `-out=${workspace.planFile}`,
  ];
  if (config.action === 'destroy') planArgs.push('-destroy');
  const planExit = await run(planArgs, (lines) => forward(plan, lines, sink));
  if (deps.cancelled()) return cancelled();
  if (planExit.code !== 0)
    return fail(notStarted(planExit) ?? plan.failureReason('plan', planExit.code, planExit.signal));
  progress(plan.progress(100));

  // apply the saved plan
  const apply = new TofuUiTranslator('apply', plannedTotal(plan.planned));
  progress(apply.progress(0));
  const applyExit = await run(
    ['apply', '-input=false', '-json', '-lock-timeout=120s', workspace.planFile],
    (lines) => forward(apply, lines, sink),
  );
  if (deps.cancelled()) return cancelled();
  if (applyExit.code !== 0)
    return fail(
      notStarted(applyExit) ?? apply.failureReason('apply', applyExit.code, applyExit.signal),
    );
  progress(apply.progress(100));

  if (config.action === 'destroy') {
    sink.out(['strata: destroy complete']);
    return { ok: true, outputs: { destroyed: true } };
  }

  // outputs (captured, never forwarded: the values go to the termination message only)
  const outputExit = await run(['output', '-json', '-no-color']);
  if (deps.cancelled()) return cancelled();
  if (outputExit.code !== 0)
    return fail(notStarted(outputExit) ?? `tofu output failed: exit code ${outputExit.code}`);
  const outputs = flattenOutputs(outputExit.stdout ?? '');
  if (!outputs.ok) return fail(outputs.error);
  const tooLarge = outputsTooLarge(outputs.outputs);
  if (tooLarge) return fail(tooLarge);
  sink.out([
    `outputs: ${Object.keys(outputs.outputs).join(', ')}`,
    progressLine({ step: 'outputs', percent: 100 }),
    'strata: apply complete',
  ]);
  return { ok: true, outputs: outputs.outputs };
}

function forward(translator: TofuUiTranslator, lines: string[], sink: LogSink): void {
  const out: string[] = [];
  for (const line of lines) {
    const t = translator.translate(line);
    out.push(...t.lines);
    if (t.progress) out.push(progressLine(t.progress));
  }
  sink.out(out);
}

/** `Error: <summary>` and the lines after it, from tofu's plain (-no-color) output. */
export function initErrors(lines: string[]): string {
  const start = lines.findIndex((l) => l.trimStart().startsWith('Error:'));
  if (start < 0) return '';
  return lines
    .slice(start, start + 8)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ')
    .replace(/^Error:\s*/, '');
}

function describeState(config: RunConfig): string {
  const s = config.state;
  switch (s.type) {
    case 's3':
      return `s3://${s.bucket}/${s.key}`;
    case 'azurerm':
      return `azurerm ${s.storageAccount}/${s.container}/${s.key}`;
    case 'gcs':
      return `gs://${s.bucket}/${s.prefix}/default.tfstate`;
  }
}
