#!/usr/bin/env node
// A fake `helm` (Helm 3.18) for the installer's tests: it replays Helm's output formats
// (`status -o json`, `history -o json`, the text of upgrade --install, rollback and uninstall,
// and their `Error: ...` lines on stderr with exit code 1) over a release kept in a JSON file, and
// records every argv. Nothing here talks to a cluster.
//
//   FAKE_HELM_DIR        state.json ({ revisions: [{revision, status, chart, app_version}] },
//                        absent = no release) and calls.jsonl (one argv per line) live here
//   FAKE_HELM_BEHAVIOUR  ok (default) | timeout (upgrade fails at its --timeout) | hang (upgrade
//                        waits until SIGTERM, then fails as Helm does on a cancelled context) |
//                        leak (upgrade prints the values file and the kubeconfig it was given)
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.FAKE_HELM_DIR;
if (!dir) {
  console.error('Error: FAKE_HELM_DIR is not set (helm.fake.mjs)');
  process.exit(2);
}
const behaviour = process.env.FAKE_HELM_BEHAVIOUR || 'ok';
const argv = process.argv.slice(2);
appendFileSync(path.join(dir, 'calls.jsonl'), `${JSON.stringify(argv)}\n`);

const statePath = path.join(dir, 'state.json');
const load = () => (existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : null);
const save = (state) =>
  state
    ? writeFileSync(statePath, JSON.stringify(state, null, 2))
    : rmSync(statePath, { force: true });
const fail = (message) => {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
};
const flag = (...names) => {
  for (const name of names) {
    const index = argv.indexOf(name);
    if (index >= 0) return argv[index + 1];
    const joined = argv.find((a) => a.startsWith(`${name}=`));
    if (joined) return joined.slice(name.length + 1);
  }
  return undefined;
};
const positional = () => {
  const out = [];
  const withValue = new Set([
    '-n',
    '--namespace',
    '-o',
    '--output',
    '--values',
    '-f',
    '--timeout',
    '--kubeconfig',
    '--history-max',
  ]);
  for (let i = 1; i < argv.length; i++) {
    if (withValue.has(argv[i])) i++;
    else if (!argv[i].startsWith('-')) out.push(argv[i]);
  }
  return out;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => new Date().toISOString();

const [command] = argv;
const [release, ...rest] = positional();
const namespace = flag('-n', '--namespace') || 'default';
const state = load();
const latest = state?.revisions.at(-1);
const chartOf = (rev) => {
  const match = /^(.*)-(\d+\.\d+\.\d+)$/.exec(rev.chart);
  return { name: match?.[1] ?? rev.chart, version: match?.[2] ?? '0.0.0' };
};

switch (command) {
  case 'version':
    console.log('version.BuildInfo{Version:"v3.18.4", GitTreeState:"clean", GoVersion:"go1.24.4"}');
    break;

  case 'status': {
    if (!state) fail('release: not found');
    const chart = chartOf(latest);
    console.log(
      JSON.stringify({
        name: release,
        info: {
          first_deployed: state.revisions[0].updated,
          last_deployed: latest.updated,
          deleted: '',
          description: latest.description,
          status: latest.status,
          notes: 'Thank you for installing.',
        },
        chart: {
          metadata: {
            name: chart.name,
            version: chart.version,
            appVersion: latest.app_version,
            apiVersion: 'v2',
          },
        },
        config: state.config ?? {},
        version: latest.revision,
        namespace,
      }),
    );
    break;
  }

  case 'history':
    if (!state) fail('release: not found');
    console.log(JSON.stringify(state.revisions));
    break;

  case 'rollback': {
    if (!state) fail('release: not found');
    const target = state.revisions.find((r) => r.revision === Number(rest[0]));
    if (!target) fail(`release has no ${rest[0]} version`);
    for (const r of state.revisions)
      if (r.status.startsWith('pending-') || r.status === 'deployed')
        r.status = r.status === 'deployed' ? 'superseded' : 'failed';
    state.revisions.push({
      ...target,
      revision: latest.revision + 1,
      status: 'deployed',
      updated: now(),
      description: `Rollback to ${target.revision}`,
    });
    save(state);
    console.log('Rollback was a success! Happy Helming!');
    break;
  }

  case 'uninstall':
    if (!state) fail(`uninstall: Release not loaded: ${release}: release: not found`);
    save(null);
    console.log(`release "${release}" uninstalled`);
    break;

  case 'upgrade': {
    const chartPath = rest[0];
    const match = /([^/]+)-(\d+\.\d+\.\d+)\.tgz$/.exec(chartPath ?? '');
    if (!match || !existsSync(chartPath)) fail(`path "${chartPath}" not found`);
    if (latest && latest.status.startsWith('pending-'))
      fail('UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress');
    if (!state && !argv.includes('--install'))
      fail(`UPGRADE FAILED: "${release}" has no deployed releases`);
    const installing = !state;
    if (installing) console.log(`Release "${release}" does not exist. Installing it now.`);
    const revision = (latest?.revision ?? 0) + 1;
    const next = { ...(state ?? { revisions: [] }) };
    const entry = {
      revision,
      updated: now(),
      status: installing ? 'pending-install' : 'pending-upgrade',
      chart: `${match[1]}-${match[2]}`,
      app_version: process.env.FAKE_HELM_APP_VERSION || '1.2.3',
      description: installing ? 'Initial install underway' : 'Preparing upgrade',
    };
    next.revisions = [...next.revisions, entry];
    save(next);
    // What the installer handed over: the files' paths and permission bits.
    const valuesPath = flag('--values', '-f');
    const mode = (file) => (statSync(file).mode & 0o777).toString(8);
    writeFileSync(
      path.join(dir, 'files.json'),
      JSON.stringify({
        valuesPath,
        valuesMode: mode(valuesPath),
        kubeconfigPath: process.env.KUBECONFIG,
        kubeconfigMode: mode(process.env.KUBECONFIG),
        env: Object.keys(process.env).filter(
          (k) => k === 'KUBECONFIG_DATA' || k === 'APP_VALUES_YAML',
        ),
      }),
    );
    if (behaviour === 'leak') {
      console.log(readFileSync(valuesPath, 'utf8'));
      console.log(readFileSync(process.env.KUBECONFIG, 'utf8'));
    }
    if (behaviour === 'hang') {
      process.on('SIGTERM', () => {
        appendFileSync(path.join(dir, 'calls.jsonl'), `${JSON.stringify(['<SIGTERM>'])}\n`);
        entry.status = 'failed';
        save(next);
        process.stderr.write(
          `Error: ${installing ? 'INSTALLATION' : 'UPGRADE'} FAILED: context canceled\n`,
        );
        process.exit(1);
      });
      console.log('waiting for the release to be ready');
      await sleep(120000);
    }
    if (behaviour === 'timeout') {
      entry.status = 'failed';
      entry.description = 'Upgrade "x" failed: context deadline exceeded';
      save(next);
      fail(`${installing ? 'INSTALLATION' : 'UPGRADE'} FAILED: context deadline exceeded`);
    }
    for (const r of next.revisions) if (r.status === 'deployed') r.status = 'superseded';
    entry.status = 'deployed';
    entry.description = installing ? 'Install complete' : 'Upgrade complete';
    save(next);
    if (!installing) console.log(`Release "${release}" has been upgraded. Happy Helming!`);
    console.log(`NAME: ${release}`);
    console.log(`LAST DEPLOYED: ${new Date().toUTCString()}`);
    console.log(`NAMESPACE: ${namespace}`);
    console.log('STATUS: deployed');
    console.log(`REVISION: ${revision}`);
    console.log('TEST SUITE: None');
    console.log('NOTES:');
    console.log('Thank you for installing.');
    break;
  }

  default:
    fail(`unknown command "${command}" for "helm"`);
}
