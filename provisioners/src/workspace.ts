/**
 * The run's writable copy of the module under the work dir (the image's root filesystem is
 * read-only; only /tmp is writable): the module with its build-time `.terraform` (modules
 * already fetched), the generated variables, backend and CLI configuration, a plugin cache, and
 * the environment tofu runs with (credentials pass through from the run's Secret, unchanged).
 */
import { access, cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BACKEND_FILE,
  TFVARS_FILE,
  backendConfig,
  cliConfig,
  moduleVariables,
} from './module-inputs';
import { MODULE_OF, type RunConfig } from './run-config';

export interface Workspace {
  runDir: string;
  moduleDir: string;
  planFile: string;
  env: NodeJS.ProcessEnv;
}

export class MissingModuleError extends Error {}

export async function prepareWorkspace(
  config: RunConfig,
  baseEnv: NodeJS.ProcessEnv,
): Promise<Workspace> {
  const moduleName = MODULE_OF[config.provider];
  const source = path.join(config.modulesDir, moduleName);
  try {
    await access(path.join(source, 'main.tf'));
  } catch {
    throw new MissingModuleError(
      `this image has no module for provider ${config.provider} (${moduleName} in ${config.modulesDir})`,
    );
  }
  const runDir = path.join(config.workDir, config.runId);
  await rm(runDir, { recursive: true, force: true });
  const moduleDir = path.join(runDir, 'module');
  const dataDir = path.join(moduleDir, '.terraform');
  const pluginCache = path.join(runDir, 'plugin-cache');
  const cliConfigFile = path.join(runDir, 'tofu.rc');
  await mkdir(runDir, { recursive: true });
  try {
    await cp(source, moduleDir, { recursive: true, dereference: true });
    await Promise.all([
      mkdir(dataDir, { recursive: true }),
      mkdir(pluginCache, { recursive: true }),
      writeFile(
        path.join(moduleDir, TFVARS_FILE),
        JSON.stringify(moduleVariables(config), null, 2),
      ),
      writeFile(
        path.join(moduleDir, BACKEND_FILE),
        JSON.stringify(backendConfig(config.state), null, 2),
      ),
      writeFile(cliConfigFile, cliConfig(config.providerMirror)),
    ]);
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
  return {
    runDir,
    moduleDir,
    planFile: path.join(runDir, 'strata.tfplan'),
    env: {
      ...baseEnv,
      HOME: runDir,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      TF_DATA_DIR: dataDir,
      TF_CLI_CONFIG_FILE: cliConfigFile,
      TF_PLUGIN_CACHE_DIR: pluginCache,
    },
  };
}
