/**
 * The run's result: the module's outputs (`tofu output -json`) flattened to the contract's flat
 * values, and the termination message that carries them (docs/job-contract.md). Pure.
 */

/** What every module outputs (CONTRACTS.md); a run that lacks one fails. */
export const CONTRACT_OUTPUTS = [
  'endpoint',
  'caCertificate',
  'clusterId',
  'clusterName',
  'version',
  'region',
  'nodePool',
  'networkId',
  'subnetIds',
] as const;

/** Kubernetes keeps at most 4096 bytes of a termination message. */
export const TERMINATION_MESSAGE_LIMIT = 4096;

export type OutputValue = string | number | boolean;

export interface TerminationMessage {
  outputs: Record<string, OutputValue>;
  error?: string;
}

export type OutputsResult =
  { ok: true; outputs: Record<string, OutputValue> } | { ok: false; error: string };

/** `tofu output -json` (`{"name": {"sensitive": false, "type": "string", "value": "..."}}`). */
export function flattenOutputs(json: string): OutputsResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, error: 'tofu output -json did not print JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, error: 'tofu output -json did not print an object' };
  const outputs: Record<string, OutputValue> = {};
  for (const [name, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const output = (entry ?? {}) as { sensitive?: unknown; value?: unknown };
    if (output.sensitive === true)
      return {
        ok: false,
        error: `output ${name} is sensitive: a provisioner module must not output secrets, so it is refused`,
      };
    const value = output.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      outputs[name] = value;
    else return { ok: false, error: `output ${name} is not a string, number or boolean` };
  }
  const missing = CONTRACT_OUTPUTS.filter((name) => !(name in outputs));
  if (missing.length > 0)
    return { ok: false, error: `the module did not output ${missing.join(', ')}` };
  return { ok: true, outputs };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Why these outputs cannot be the termination message, if they cannot. */
export function outputsTooLarge(outputs: Record<string, OutputValue>): string | undefined {
  const size = bytes(JSON.stringify({ outputs }));
  return size > TERMINATION_MESSAGE_LIMIT
    ? `the outputs take ${size} bytes as a termination message: more than the ${TERMINATION_MESSAGE_LIMIT} bytes Kubernetes keeps`
    : undefined;
}

/**
 * The termination message's text, within the limit. Outputs that do not fit fail the run with a
 * reason that says so (JSON is never cut); an over-long error is shortened as text.
 */
export function terminationText(message: TerminationMessage): string {
  const text = JSON.stringify(message);
  if (bytes(text) <= TERMINATION_MESSAGE_LIMIT) return text;
  let error = message.error ?? outputsTooLarge(message.outputs) ?? '';
  while (bytes(JSON.stringify({ outputs: {}, error })) > TERMINATION_MESSAGE_LIMIT)
    error = `${error.slice(0, Math.floor(error.length * 0.9))}…`;
  return JSON.stringify({ outputs: {}, error });
}
