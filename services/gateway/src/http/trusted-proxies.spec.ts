import { parseTrustedProxies, trustedProxyIssue } from './trusted-proxies';

describe('TRUSTED_PROXIES', () => {
  it('is empty (trust no proxy) when unset or blank', () => {
    expect(parseTrustedProxies('')).toEqual([]);
    expect(parseTrustedProxies(' , ')).toEqual([]);
  });

  it('takes addresses, CIDR ranges of both families and the named ranges', () => {
    const list = parseTrustedProxies('10.0.0.0/8, 192.168.1.5,fd00::/8 ,::1, loopback');
    expect(list).toEqual(['10.0.0.0/8', '192.168.1.5', 'fd00::/8', '::1', 'loopback']);
    for (const entry of list) expect(trustedProxyIssue(entry)).toBeUndefined();
  });

  it('refuses what is not an address or a range', () => {
    expect(trustedProxyIssue('true')).toMatch(/not an IP address/);
    expect(trustedProxyIssue('10.0.0.0/33')).toMatch(/beyond \/32/);
    expect(trustedProxyIssue('10.0.0.0/8/1')).toMatch(/not an IP address/);
    expect(trustedProxyIssue('proxy.internal')).toMatch(/not an IP address/);
  });
});
