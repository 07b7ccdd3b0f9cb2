/**
 * The Pod Security Standards' `restricted` profile (kubernetes.io/docs/concepts/security/
 * pod-security-standards), as the admission controller applies it to a pod spec: what the runs
 * namespace enforces (`pod-security.kubernetes.io/enforce: restricted`) on the cluster
 * service's Jobs, and what every pod of the chart meets too. Answers the rules broken.
 */
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
  procMount?: string;
}
interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number }[];
}
export interface PodSpecLike {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Record<string, unknown>[];
}

const VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

export function restrictedViolations(spec: PodSpecLike): string[] {
  const broken: string[] = [];
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) broken.push('host namespaces');
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (!type || !VOLUME_TYPES.includes(type))
      broken.push(`volume ${String(volume.name)}: ${type}`);
  }
  const pod = spec.securityContext ?? {};
  if (pod.runAsUser === 0) broken.push('pod runAsUser 0');
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    const sc = c.securityContext ?? {};
    const at = `container ${c.name}`;
    if (sc.privileged) broken.push(`${at}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) broken.push(`${at}: allowPrivilegeEscalation`);
    if (!(sc.runAsNonRoot ?? pod.runAsNonRoot)) broken.push(`${at}: runAsNonRoot`);
    if (sc.runAsUser === 0) broken.push(`${at}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') broken.push(`${at}: seccomp`);
    if (!sc.capabilities?.drop?.includes('ALL')) broken.push(`${at}: capabilities not dropped`);
    for (const cap of sc.capabilities?.add ?? [])
      if (cap !== 'NET_BIND_SERVICE') broken.push(`${at}: adds ${cap}`);
    if (sc.procMount && sc.procMount !== 'Default') broken.push(`${at}: procMount`);
    if ((c.ports ?? []).some((p) => p.hostPort)) broken.push(`${at}: hostPort`);
  }
  return broken;
}
