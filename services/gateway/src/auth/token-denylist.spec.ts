import type { AccessClaims } from '@strata/authn';
import type { EventBus } from '@strata/messaging';
import type { GatewayConfig } from '../config';
import { TokenDenylist } from './token-denylist';

const USER = '6f1d3c2a-8a4e-4b7e-9a55-1f2e3d4c5b6a';
const ORG = '0b7f6e5d-4c3b-4a29-8817-f6e5d4c3b2a1';

function claims(iat: number, role: string): AccessClaims {
  return {
    sub: USER,
    sid: 's1',
    email: 'a@example.com',
    ev: true,
    org: ORG,
    role,
    iat,
    exp: iat + 900,
  };
}

describe('TokenDenylist', () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  let denylist: TokenDenylist;

  beforeEach(() => {
    denylist = new TokenDenylist({} as EventBus, {} as GatewayConfig);
  });

  it('refuses, right after a change it carried, a token with the old role from that second', () => {
    denylist.notedRoleChange(USER, ORG, 'admin');
    expect(denylist.refusal(claims(nowSeconds(), 'member'))).toBe('claims_stale');
    expect(denylist.refusal(claims(nowSeconds() - 60, 'member'))).toBe('claims_stale');
  });

  it('accepts a token that already carries the new role, however old', () => {
    denylist.notedRoleChange(USER, ORG, 'admin');
    expect(denylist.refusal(claims(nowSeconds(), 'admin'))).toBeUndefined();
    expect(denylist.refusal(claims(nowSeconds() - 60, 'admin'))).toBeUndefined();
  });

  it('accepts a token issued after the second of the change', () => {
    denylist.notedRoleChange(USER, ORG, 'admin');
    expect(denylist.refusal(claims(nowSeconds() + 1, 'member'))).toBeUndefined();
  });

  it('ends the membership for tokens up to the second of a removal it carried', () => {
    denylist.notedRemoval(USER, ORG);
    expect(denylist.refusal(claims(nowSeconds(), 'member'))).toBe('membership_ended');
    expect(denylist.refusal(claims(nowSeconds() + 1, 'member'))).toBeUndefined();
  });

  it('leaves other users and organizations alone', () => {
    denylist.notedRoleChange(USER, ORG, 'admin');
    expect(denylist.refusal({ ...claims(nowSeconds(), 'member'), org: USER })).toBeUndefined();
  });
});
