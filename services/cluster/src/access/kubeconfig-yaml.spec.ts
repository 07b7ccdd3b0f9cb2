import { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigYaml } from './kubeconfig-yaml';

describe('kubeconfig YAML', () => {
  const expiresAt = new Date('2026-12-02T06:15:00.000Z');
  const parts = {
    name: 'analytics-prod',
    server: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
    certificateAuthorityData: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n').toString('base64'),
    token: 'k8s-aws-v1.aHR0cHM6Ly9zdHM',
    expiresAt,
  };

  it('is a kubeconfig the Kubernetes client reads: server, CA, token, current context', () => {
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfigYaml(parts));
    expect(kc.getCurrentContext()).toBe('analytics-prod');
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'analytics-prod',
      server: parts.server,
      caData: parts.certificateAuthorityData,
    });
    expect(kc.getCurrentUser()).toMatchObject({
      name: 'strata-analytics-prod',
      token: parts.token,
    });
    expect(kubeconfigYaml(parts)).toContain('expires at 2026-12-02T06:15:00.000Z');
  });

  it('quotes every value, so a hostile value cannot add keys', () => {
    const kc = new KubeConfig();
    kc.loadFromString(
      kubeconfigYaml({
        ...parts,
        certificateAuthorityData: undefined,
        server: 'https://x\n    insecure-skip-tls-verify: true',
      }),
    );
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
    expect(kc.getCurrentCluster()?.server).toBe('https://x\n    insecure-skip-tls-verify: true');
    expect(kc.getCurrentCluster()?.caData).toBeUndefined();
  });
});
