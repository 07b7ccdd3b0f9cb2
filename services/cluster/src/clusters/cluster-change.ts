import type { FieldError } from '@strata/errors';
import { DEFAULTS, KUBERNETES_VERSIONS } from './cluster-request';

/**
 * A change of a READY cluster (pure): the node pool's min/max size and/or a Kubernetes upgrade
 * of exactly one minor version from the supported list (no skip, no downgrade). The answer is
 * what changes, `{field: {from, to}}`, recorded on the run; the cluster takes the `to` values
 * when the run succeeds.
 */

export interface ChangeInput {
  nodeMinSize?: number;
  nodeMaxSize?: number;
  kubernetesVersion?: string;
}

export interface CurrentSpec {
  kubernetesVersion: string;
  nodeMinSize: number;
  nodeMaxSize: number;
}

export interface Changes {
  nodeMinSize?: { from: number; to: number };
  nodeMaxSize?: { from: number; to: number };
  kubernetesVersion?: { from: string; to: string };
}

const minor = (version: string) => Number(version.split('.')[1]);

export function planChange(
  current: CurrentSpec,
  input: ChangeInput,
): { ok: true; changes: Changes } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  const changes: Changes = {};

  const min = input.nodeMinSize ?? current.nodeMinSize;
  const max = input.nodeMaxSize ?? current.nodeMaxSize;
  if (!Number.isInteger(min) || min < 0 || min > DEFAULTS.maxNodes)
    fail('nodePool.minSize', `must be a whole number from 0 to ${DEFAULTS.maxNodes}`);
  else if (!Number.isInteger(max) || max < 1 || max > DEFAULTS.maxNodes)
    fail('nodePool.maxSize', `must be a whole number from 1 to ${DEFAULTS.maxNodes}`);
  else if (min > max) fail('nodePool.minSize', 'must not be greater than maxSize');
  if (min !== current.nodeMinSize) changes.nodeMinSize = { from: current.nodeMinSize, to: min };
  if (max !== current.nodeMaxSize) changes.nodeMaxSize = { from: current.nodeMaxSize, to: max };

  const version = input.kubernetesVersion?.trim();
  if (version !== undefined && version !== '' && version !== current.kubernetesVersion) {
    const supported = KUBERNETES_VERSIONS as readonly string[];
    if (!supported.includes(version))
      fail('kubernetesVersion', `must be one of ${KUBERNETES_VERSIONS.join(', ')}`);
    else if (minor(version) < minor(current.kubernetesVersion))
      fail(
        'kubernetesVersion',
        `a downgrade (${current.kubernetesVersion} to ${version}) is not possible`,
      );
    else if (minor(version) !== minor(current.kubernetesVersion) + 1)
      fail(
        'kubernetesVersion',
        `upgrade one minor version at a time: from ${current.kubernetesVersion} the next is 1.${minor(current.kubernetesVersion) + 1}`,
      );
    else changes.kubernetesVersion = { from: current.kubernetesVersion, to: version };
  }

  if (errors.length) return { ok: false, errors };
  return { ok: true, changes };
}

export const isEmptyChange = (changes: Changes) => Object.keys(changes).length === 0;

/** The cluster columns a successful change run sets. */
export function changedColumns(changes: Changes | null | undefined) {
  return {
    ...(changes?.nodeMinSize ? { nodeMinSize: changes.nodeMinSize.to } : {}),
    ...(changes?.nodeMaxSize ? { nodeMaxSize: changes.nodeMaxSize.to } : {}),
    ...(changes?.kubernetesVersion ? { kubernetesVersion: changes.kubernetesVersion.to } : {}),
  };
}
