import { isTrustedUrl, parseTrustedOrigins, untrustedGcpKeyEndpoints } from './trusted-endpoints';

const googleKey = {
  type: 'service_account',
  token_uri: 'https://oauth2.googleapis.com/token',
  auth_uri: 'https://accounts.google.com/o/oauth2/auth',
  auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
  client_x509_cert_url:
    'https://www.googleapis.com/robot/v1/metadata/x509/sa%40p.iam.gserviceaccount.com',
  universe_domain: 'googleapis.com',
};

describe('the GCP key allow-list (SSRF, ASVS 5.0 V15.3)', () => {
  it("accepts Google's own endpoints", () => {
    expect(untrustedGcpKeyEndpoints(googleKey)).toEqual([]);
  });

  it.each([
    ['http://169.254.169.254/computeMetadata/v1/', 'is not https'],
    ['https://oauth2.googleapis.com.evil.example/token', 'is not on'],
    ['https://evil.example/token', 'is not on'],
    ['https://oauth2.googleapis.com:8443/token', 'names a port'],
    ['https://user:pw@oauth2.googleapis.com/token', 'carries credentials'],
    ['https://127.0.0.1/token', 'is not on'],
    ['https://[::1]/token', 'is not on'],
    ['file:///etc/passwd', 'is not https'],
    ['not a url', 'is not a URL'],
  ])('refuses token_uri %s', (tokenUri, reason) => {
    const problems = untrustedGcpKeyEndpoints({ ...googleKey, token_uri: tokenUri });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('token_uri');
    expect(problems[0].reason).toContain(reason);
  });

  it('checks every URL field and the universe domain', () => {
    const problems = untrustedGcpKeyEndpoints({
      ...googleKey,
      auth_uri: 'https://10.0.0.1/auth',
      client_x509_cert_url: 'https://kubernetes.default.svc/x509',
      auth_provider_x509_cert_url: 42,
      universe_domain: 'evil.example',
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'auth_provider_x509_cert_url',
      'auth_uri',
      'client_x509_cert_url',
      'universe_domain',
    ]);
  });

  it('trusts extra origins only exactly as configured', () => {
    const extra = parseTrustedOrigins('http://127.0.0.1:4010, https://gcp.private.example');
    expect(extra).toEqual(['http://127.0.0.1:4010', 'https://gcp.private.example']);
    expect(isTrustedUrl('http://127.0.0.1:4010/token', [], extra)).toEqual({ ok: true });
    expect(isTrustedUrl('http://127.0.0.1:4011/token', [], extra).ok).toBe(false);
    expect(isTrustedUrl('http://localhost:4010/token', [], extra).ok).toBe(false);
    expect(() => parseTrustedOrigins('http://u:p@127.0.0.1:1')).toThrow(/credentials/);
  });
});
