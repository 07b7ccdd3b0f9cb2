/** The installer's environment (docs/apps.md, CONTRACTS.md "App runs"), checked before any work. */

export type Action = 'install' | 'upgrade' | 'uninstall';

export interface InstallerEnv {
  action: Action;
  catalogId: string;
  release: string;
  namespace: string;
  /** APP_CHART: `<repo>/<chart name>` as baked into the image. */
  chart: string;
  chartVersion: string;
  timeoutSeconds: number;
  /** APP_URLS: what to report as url (the first) and urls once ready. */
  urls: string[];
  /** KUBECONFIG_DATA (secret). */
  kubeconfig: string;
  /** APP_VALUES_YAML (secret; may be empty for uninstall). */
  valuesYaml: string;
  terminationPath: string;
  chartsDir: string;
  helmBin: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export type EnvResult = { ok: true; env: InstallerEnv } | { ok: false; error: string };

/** Reads and checks the environment; the error names the first missing or invalid variable. */
export function readEnv(source: NodeJS.ProcessEnv): EnvResult {
  const terminationPath = source.STRATA_TERMINATION_MESSAGE_PATH || '/dev/termination-log';
  const problem = (error: string): EnvResult => ({ ok: false, error });
  const action = source.STRATA_ACTION;
  if (action !== 'install' && action !== 'upgrade' && action !== 'uninstall')
    return problem('STRATA_ACTION must be install, upgrade or uninstall.');
  const release = source.APP_RELEASE ?? '';
  if (!DNS_LABEL.test(release) || release.length > 53)
    return problem('APP_RELEASE must be a DNS label of at most 53 characters.');
  const namespace = source.APP_NAMESPACE ?? '';
  if (!DNS_LABEL.test(namespace) || namespace.length > 63)
    return problem('APP_NAMESPACE must be a DNS label of at most 63 characters.');
  const chart = source.APP_CHART ?? '';
  if (!/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/.test(chart))
    return problem('APP_CHART must be <repo>/<chart>.');
  const chartVersion = source.APP_CHART_VERSION ?? '';
  if (!/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(chartVersion))
    return problem('APP_CHART_VERSION must be a semantic version.');
  const timeoutSeconds = Number(source.APP_TIMEOUT_SECONDS ?? '600');
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 30 || timeoutSeconds > 7200)
    return problem('APP_TIMEOUT_SECONDS must be a whole number of seconds from 30 to 7200.');
  const kubeconfig = source.KUBECONFIG_DATA ?? '';
  if (kubeconfig.trim() === '') return problem('KUBECONFIG_DATA is empty.');
  const valuesYaml = source.APP_VALUES_YAML ?? '';
  if (action !== 'uninstall' && valuesYaml.trim() === '')
    return problem('APP_VALUES_YAML is empty.');
  const urls = (source.APP_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => /^https?:\/\/\S+$/.test(u));
  return {
    ok: true,
    env: {
      action,
      catalogId: source.APP_CATALOG_ID ?? '',
      release,
      namespace,
      chart,
      chartVersion,
      timeoutSeconds,
      urls,
      kubeconfig,
      valuesYaml,
      terminationPath,
      chartsDir: source.STRATA_CHARTS_DIR || '/opt/strata/charts',
      helmBin: source.HELM_BIN || 'helm',
    },
  };
}

/** Where the image keeps a chart: <charts dir>/<chart name>-<version>.tgz. */
export function chartArchive(env: InstallerEnv): string {
  const name = env.chart.split('/').pop()!;
  return `${env.chartsDir.replace(/\/$/, '')}/${name}-${env.chartVersion}.tgz`;
}
