import { hostname } from 'node:os';

let cached: string | undefined;

/**
 * Which process of a service this is, on every log line (`replica`): REPLICA_ID when given (the
 * test platform names its replicas), otherwise the host name (a Kubernetes pod's name) and pid.
 */
export function replicaId(): string {
  cached ??= process.env.REPLICA_ID || `${hostname()}:${process.pid}`;
  return cached;
}
