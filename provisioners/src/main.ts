#!/usr/bin/env node
/**
 * The provisioner images' entrypoint (aws-eks, azure-aks, gcp-gke): the job contract
 * (docs/job-contract.md) around OpenTofu. Environment in; readable log lines and
 * `::strata-progress` lines out; the outputs (or the failure reason) in the termination message.
 * Exit codes: 0 done, 1 failed, 2 bad environment, 143 cancelled (SIGTERM).
 */
import { writeFile } from 'node:fs/promises';
import { createMasker, type Masker } from './masker';
import {
  CANCELLED,
  EXIT_BAD_ENVIRONMENT,
  EXIT_CANCELLED,
  maskedSink,
  provision,
  type RunResult,
} from './provision';
import { CREDENTIAL_VARIABLES, parseRunConfig } from './run-config';
import { terminationText, type OutputValue, type TerminationMessage } from './termination';
import { TofuProcess } from './tofu-process';

async function finish(path: string, masker: Masker, result: RunResult): Promise<never> {
  const message: TerminationMessage = result.ok
    ? { outputs: maskValues(masker, result.outputs) }
    : { outputs: {}, error: masker.mask(result.error) };
  if (!result.ok) process.stderr.write(`strata: failed: ${message.error}\n`);
  try {
    await writeFile(path, terminationText(message));
  } catch (error) {
    process.stderr.write(
      `strata: could not write the termination message: ${(error as Error).message}\n`,
    );
  }
  process.exit(result.ok ? 0 : result.exitCode);
}

function maskValues(masker: Masker, outputs: Record<string, OutputValue>) {
  return Object.fromEntries(
    Object.entries(outputs).map(([k, v]) => [k, typeof v === 'string' ? masker.mask(v) : v]),
  );
}

async function main(): Promise<void> {
  const env = process.env;
  const terminationPath = env.STRATA_TERMINATION_MESSAGE_PATH?.trim() || '/dev/termination-log';
  const parsed = parseRunConfig(env);
  if (!parsed.ok) {
    const secrets = CREDENTIAL_VARIABLES.map((name) => env[name] ?? '');
    return finish(terminationPath, createMasker(secrets), {
      ok: false,
      error: `invalid environment: ${parsed.problems.join('; ')}`,
      exitCode: EXIT_BAD_ENVIRONMENT,
    });
  }
  const config = parsed.config;
  const masker = createMasker(config.secrets);
  const sink = maskedSink(masker, process.stdout, process.stderr);
  const tofu = new TofuProcess(config.tofuBinary);

  let cancelled = false;
  const cancel = (signal: NodeJS.Signals) => {
    if (cancelled) return;
    cancelled = true;
    const seconds = config.cancelGraceMs / 1000;
    sink.out([
      tofu.running
        ? `strata: ${signal}: cancelling; tofu is interrupted (SIGINT) to stop and release the state lock, killed if still running after ${seconds} s`
        : `strata: ${signal}: cancelling before the next step`,
    ]);
    tofu.interrupt(config.cancelGraceMs);
  };
  process.on('SIGTERM', () => cancel('SIGTERM'));
  process.on('SIGINT', () => cancel('SIGINT'));

  let result: RunResult;
  try {
    result = await provision({ config, env, sink, tofu, cancelled: () => cancelled });
  } catch (error) {
    result = { ok: false, error: `unexpected error: ${(error as Error).message}`, exitCode: 1 };
  }
  if (cancelled && result.ok === false && result.error !== CANCELLED)
    result = { ok: false, error: CANCELLED, exitCode: EXIT_CANCELLED };
  await finish(terminationPath, masker, result);
}

void main();
