#!/usr/bin/env node
/**
 * The app installer (docs/apps.md): one Job (docs/job-contract.md) that installs, upgrades or
 * uninstalls one catalog app with Helm, the chart baked into the image. Secrets arrive in
 * KUBECONFIG_DATA and APP_VALUES_YAML; they go to 0600 files under the temp directory, never to
 * the log (every forwarded line is masked).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEnv } from './env';
import { helmRunner } from './helm';
import { makeMasker, secretsInKubeconfig, secretsInValues } from './masking';
import { installRelease, uninstallRelease, type Steps } from './run-helm';
import { writeTermination, type Outputs } from './termination';

function main() {
  const checked = readEnv(process.env);
  if (!checked.ok) {
    console.log(`installer: ${checked.error}`);
    writeTermination(
      process.env.STRATA_TERMINATION_MESSAGE_PATH || '/dev/termination-log',
      {},
      checked.error,
    );
    process.exit(2);
  }
  const env = checked.env;
  const mask = makeMasker([
    ...secretsInValues(env.valuesYaml),
    ...secretsInKubeconfig(env.kubeconfig),
  ]);
  const log = (line: string) => console.log(mask(line));

  const workDir = mkdtempSync(path.join(tmpdir(), 'strata-installer-'));
  const kubeconfigFile = path.join(workDir, 'kubeconfig');
  const valuesFile = path.join(workDir, 'values.yaml');
  writeFileSync(kubeconfigFile, env.kubeconfig, { mode: 0o600 });
  writeFileSync(valuesFile, env.valuesYaml, { mode: 0o600 });

  let finished = false;
  const finish = (outputs: Outputs, error: string | undefined, code: number) => {
    if (finished) return;
    finished = true;
    rmSync(workDir, { recursive: true, force: true });
    writeTermination(env.terminationPath, outputs, error);
    process.exit(code);
  };

  const helm = helmRunner(env.helmBin, helmEnv(workDir, kubeconfigFile), mask, log);
  let cancelled = false;
  process.once('SIGTERM', () => {
    cancelled = true;
    log('installer: SIGTERM: stopping helm');
    void helm.cancel().then(() => {
      log('installer: cancelled');
      finish({ release: env.release, namespace: env.namespace }, 'cancelled', 143);
    });
  });

  const steps: Steps = {
    progress: (step, percent) => console.log(`::strata-progress step=${step} percent=${percent}`),
    log: (line) => log(`installer: ${line}`),
  };
  log(
    `installer: ${env.action} of ${env.catalogId || env.chart} (chart ${env.chart} ${env.chartVersion}) as release ${env.release} in namespace ${env.namespace}`,
  );
  const work =
    env.action === 'uninstall'
      ? uninstallRelease(env, helm, steps)
      : installRelease(env, helm, steps, valuesFile);
  work.then(
    (outputs) => {
      if (cancelled) return;
      log(`installer: ${env.action} complete`);
      finish(outputs, undefined, 0);
    },
    (error: Error) => {
      if (cancelled) return;
      const reason = mask(error.message);
      log(`installer: ${env.action} failed: ${reason}`);
      finish({ release: env.release, namespace: env.namespace }, reason, 1);
    },
  );
}

/** helm's environment: the kubeconfig file, Helm's homes under the temp directory, no secrets. */
function helmEnv(workDir: string, kubeconfigFile: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfigFile };
  delete out.KUBECONFIG_DATA;
  delete out.APP_VALUES_YAML;
  out.HELM_CACHE_HOME ||= path.join(workDir, 'helm-cache');
  out.HELM_CONFIG_HOME ||= path.join(workDir, 'helm-config');
  out.HELM_DATA_HOME ||= path.join(workDir, 'helm-data');
  return out;
}

main();
