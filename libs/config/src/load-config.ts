import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates `env` against `schema`; throws a ConfigError naming every bad variable. */
export function parseConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const given = issue.path.length ? env[String(issue.path[0])] : undefined;
    return given === undefined
      ? `${name} is required (${issue.message})`
      : `${name}: ${issue.message}`;
  });
  throw new ConfigError(issues);
}

/**
 * Loads a service's configuration at start. A missing or bad value stops the process with one
 * clear line that names the variable (and never echoes its value, which may be a secret).
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: configuration error: ${error.issues.join('; ')}\n`);
    process.exit(78); // EX_CONFIG
  }
}
