import { makeMasker, MASK, secretsInKubeconfig, secretsInValues } from './masking';
import { terminationMessage, TERMINATION_LIMIT } from './termination';

describe('masking', () => {
  it('finds secrets in JSON values by key, inside blocks of secrets, and in URIs', () => {
    const values = JSON.stringify({
      hub: {
        cookieSecret: 'abcdef0123',
        db: { url: 'postgresql://u:p%40ssw0rd@db/x', type: 'postgres' },
      },
      extraSecretEnv: { ANYTHING: 'value-under-a-secret-block' },
      auth: { adminUsername: 'admin', adminPassword: 'admin-pw-1' },
      fernetKey: 'f'.repeat(44),
      service: { type: 'ClusterIP' },
    });
    const found = secretsInValues(values);
    expect(found).toEqual(
      expect.arrayContaining([
        'abcdef0123',
        'p@ssw0rd',
        'value-under-a-secret-block',
        'admin-pw-1',
        'f'.repeat(44),
      ]),
    );
    expect(found).not.toContain('ClusterIP');
    expect(found).not.toContain('admin');
  });

  it('finds secrets in YAML values and kubeconfig lines', () => {
    expect(
      secretsInValues('proxy:\n  secretToken: "0123456789"\n  service:\n    type: ClusterIP\n'),
    ).toEqual(['0123456789']);
    expect(
      secretsInKubeconfig("users:\n- name: u\n  user:\n    token: 'k8s-aws-v1.abc'\n"),
    ).toEqual(['k8s-aws-v1.abc']);
  });

  it('replaces the longest secrets first', () => {
    const mask = makeMasker(['secret', 'secret-longer', 'ab']);
    expect(mask('a secret-longer and a secret, ab')).toBe(`a ${MASK} and a ${MASK}, ab`);
  });
});

describe('the termination message', () => {
  it('fits in 4096 bytes, dropping URLs before shortening the error', () => {
    const urls = Array.from({ length: 200 }, (_, i) => `https://app-${i}.example.com/`).join(',');
    const text = terminationMessage(
      { url: 'https://app-0.example.com/', urls, release: 'r' },
      'x'.repeat(3000),
    );
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(TERMINATION_LIMIT);
    const parsed = JSON.parse(text);
    expect(parsed.outputs.url).toBe('https://app-0.example.com/');
    expect(parsed.error.startsWith('xxx')).toBe(true);
  });
});
