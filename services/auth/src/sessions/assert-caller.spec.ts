import { Principal } from '@strata/authz';
import { assertCaller } from './assert-caller';

const caller: Principal = {
  userId: 'user-a',
  sessionId: 'session-a',
  email: 'a@example.com',
  emailVerified: true,
  platformAdmin: false,
  accessToken: 't',
};

describe('assertCaller', () => {
  it('lets a caller act on their own account and session', () => {
    expect(() => assertCaller(caller, 'user-a', 'session-a')).not.toThrow();
    expect(() => assertCaller(caller, 'user-a')).not.toThrow();
  });

  it("refuses another user's account, or another session of the same user", () => {
    expect(() => assertCaller(caller, 'user-b')).toThrow(/own account/);
    expect(() => assertCaller(caller, 'user-a', 'session-b')).toThrow(/own account/);
  });
});
