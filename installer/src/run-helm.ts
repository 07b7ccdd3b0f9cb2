/** The installer's two use cases over helm: install/upgrade (recovering a pending release) and uninstall. */
import { existsSync } from 'node:fs';
import { chartArchive, type InstallerEnv } from './env';
import type { HelmResult, HelmRunner } from './helm';
import { isNotFound, parseHistory, parseStatus, planRecovery } from './release-state';
import type { Outputs } from './termination';

export interface Steps {
  progress(step: string, percent: number): void;
  log(line: string): void;
}

/** `helm upgrade --install ... --wait --wait-for-jobs` (no --atomic), after any recovery. */
export async function installRelease(
  env: InstallerEnv,
  helm: HelmRunner,
  steps: Steps,
  valuesFile: string,
): Promise<Outputs> {
  const ns = ['--namespace', env.namespace];
  const timeout = ['--timeout', `${env.timeoutSeconds}s`];
  steps.progress('prepare', 5);
  const archive = chartArchive(env);
  if (!existsSync(archive))
    throw new Error(`the chart ${env.chart} ${env.chartVersion} is not in this image (${archive})`);

  steps.progress('inspect', 10);
  const history = await helm.run(['history', env.release, ...ns, '--max', '20', '-o', 'json'], {
    capture: true,
  });
  if (history.code !== 0 && !isNotFound(history.stderr))
    throw new Error(`helm history failed: ${describe(history)}`);
  const revisions = history.code === 0 ? parseHistory(history.stdout) : [];
  const latest = revisions.at(-1);
  steps.log(
    latest
      ? `release ${env.release} exists: revision ${latest.revision} is ${latest.status}`
      : `release ${env.release} is not installed yet`,
  );

  const recovery = planRecovery(revisions);
  if (recovery.kind === 'uninstall') {
    steps.progress('recover', 20);
    steps.log(`${recovery.reason}: uninstalling it, then installing afresh`);
    const result = await helm.run(['uninstall', env.release, ...ns, '--wait', ...timeout]);
    if (result.code !== 0 && !isNotFound(result.stderr))
      throw new Error(`could not uninstall the pending release: ${describe(result)}`);
  } else if (recovery.kind === 'rollback') {
    steps.progress('recover', 20);
    steps.log(`${recovery.reason}: rolling back to revision ${recovery.revision}, then upgrading`);
    const result = await helm.run([
      'rollback',
      env.release,
      String(recovery.revision),
      ...ns,
      '--wait',
      ...timeout,
    ]);
    if (result.code !== 0)
      throw new Error(`could not roll back the pending release: ${describe(result)}`);
  }

  const verb = revisions.length && recovery.kind !== 'uninstall' ? 'upgrade' : 'install';
  steps.progress(verb, 30);
  steps.log(
    `helm upgrade --install ${env.release} ${env.chart} ${env.chartVersion}: waiting up to ${env.timeoutSeconds}s for the release to be ready`,
  );
  const upgrade = await helm.run([
    'upgrade',
    '--install',
    env.release,
    archive,
    ...ns,
    '--create-namespace',
    '--values',
    valuesFile,
    '--wait',
    '--wait-for-jobs',
    ...timeout,
    '--history-max',
    '10',
  ]);
  if (upgrade.code !== 0) {
    const error = describe(upgrade);
    throw new Error(
      /deadline exceeded|timed out waiting/i.test(error)
        ? `the release was not ready within ${env.timeoutSeconds}s (helm: ${error})`
        : `helm ${verb} failed: ${error}`,
    );
  }

  steps.progress('ready', 90);
  const status = await helm.run(['status', env.release, ...ns, '-o', 'json'], { capture: true });
  const parsed = status.code === 0 ? parseStatus(status.stdout) : null;
  steps.log(
    `release ${env.release} is ${parsed?.status ?? 'deployed'} (revision ${parsed?.revision ?? '?'})`,
  );
  steps.progress('done', 100);
  return {
    ...(env.urls[0] ? { url: env.urls[0] } : {}),
    urls: env.urls.join(','),
    appVersion: parsed?.appVersion ?? '',
    chartVersion: parsed?.chartVersion ?? env.chartVersion,
    release: env.release,
    namespace: env.namespace,
  };
}

/** `helm uninstall --wait`; a release that is not there is already uninstalled. */
export async function uninstallRelease(
  env: InstallerEnv,
  helm: HelmRunner,
  steps: Steps,
): Promise<Outputs> {
  const ns = ['--namespace', env.namespace];
  steps.progress('inspect', 10);
  const status = await helm.run(['status', env.release, ...ns, '-o', 'json'], { capture: true });
  const done = { uninstalled: true, release: env.release, namespace: env.namespace };
  if (status.code !== 0) {
    if (!isNotFound(status.stderr)) throw new Error(`helm status failed: ${describe(status)}`);
    steps.log(`release ${env.release} is not installed: nothing to uninstall`);
    steps.progress('done', 100);
    return done;
  }
  steps.progress('uninstall', 30);
  steps.log(
    `helm uninstall ${env.release}: waiting up to ${env.timeoutSeconds}s for its resources to go`,
  );
  const result = await helm.run([
    'uninstall',
    env.release,
    ...ns,
    '--wait',
    '--timeout',
    `${env.timeoutSeconds}s`,
  ]);
  if (result.code !== 0 && !isNotFound(result.stderr))
    throw new Error(`helm uninstall failed: ${describe(result)}`);
  steps.progress('done', 100);
  return done;
}

function describe(result: HelmResult): string {
  return (
    result.error ?? (result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`)
  );
}
