/**
 * A kubeconfig (pure): one cluster (server and, when known, certificate-authority-data), one user
 * with a bearer token, one context, current. Every scalar is a JSON string, which YAML reads as
 * a double-quoted scalar, so no value can break the document.
 */
export interface KubeconfigParts {
  name: string;
  server: string;
  /** Base64 of the PEM CA bundle, as the cloud gives it. */
  certificateAuthorityData?: string;
  token: string;
  expiresAt: Date;
}

const q = (value: string) => JSON.stringify(value);

export function kubeconfigYaml(p: KubeconfigParts): string {
  const user = `strata-${p.name}`;
  return [
    `# Strata kubeconfig for cluster ${q(p.name)}: the token expires at ${p.expiresAt.toISOString()}.`,
    '# It is a credential: keep it private; Strata does not store it.',
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${q(p.name)}`,
    '    cluster:',
    `      server: ${q(p.server)}`,
    ...(p.certificateAuthorityData
      ? [`      certificate-authority-data: ${q(p.certificateAuthorityData)}`]
      : []),
    'users:',
    `  - name: ${q(user)}`,
    '    user:',
    `      token: ${q(p.token)}`,
    'contexts:',
    `  - name: ${q(p.name)}`,
    '    context:',
    `      cluster: ${q(p.name)}`,
    `      user: ${q(user)}`,
    `current-context: ${q(p.name)}`,
    '',
  ].join('\n');
}
