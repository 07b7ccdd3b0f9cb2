import { outputLabel, outputText } from './output-labels';

describe('run outputs in words', () => {
  it('names the provisioners’ and the sandbox’s keys as people say them', () => {
    expect(outputLabel('nodeCount')).toBe('Nodes');
    expect(outputLabel('caCertificate')).toBe('CA certificate');
    expect(outputLabel('version')).toBe('Kubernetes version');
  });

  it('splits an unknown key into words instead of showing it raw', () => {
    expect(outputLabel('podCidr')).toBe('Pod cidr');
    expect(outputLabel('load_balancer-ip')).toBe('Load balancer ip');
  });

  it('shows lists and objects as text, not as [object Object]', () => {
    expect(outputText(['subnet-a', 'subnet-b'])).toBe('subnet-a, subnet-b');
    expect(outputText({ name: 'default', minSize: 1 })).toBe('Name: default, Min size: 1');
    expect(outputText(3)).toBe('3');
    expect(outputText(null)).toBe('—');
  });
});
