import { decodeMessage, encodeMessage } from './codec';
import {
  events,
  isEventSubject,
  isRequestSubject,
  requests,
  type EventInitOf,
  type ReplyOf,
  type RequestInitOf,
  type ValidRequestOf,
} from './subjects';
import { LoginRequestSchema, TokenPairSchema } from './gen/strata/auth/v1/session_pb';
import { UserRegisteredSchema } from './gen/strata/auth/v1/events_pb';

describe('subject registry', () => {
  it('maps request subjects to request and reply schemas', () => {
    expect(requests['auth.session.login']).toEqual({
      request: LoginRequestSchema,
      reply: TokenPairSchema,
    });
    expect(requests['auth.password.change'].reply).toBe(TokenPairSchema);
    expect(events['evt.auth.user.registered']).toBe(UserRegisteredSchema);
  });

  it('follows the subject naming conventions', () => {
    for (const subject of Object.keys(requests))
      expect(subject).toMatch(/^[a-z]+\.[a-z_]+\.[a-z_]+$/);
    for (const subject of Object.keys(events))
      expect(subject).toMatch(/^evt\.[a-z]+\.[a-z_]+\.[a-z_]+$/);
    expect(isRequestSubject('auth.session.login')).toBe(true);
    expect(isRequestSubject('toString')).toBe(false);
    expect(isEventSubject('evt.auth.email.verified')).toBe(true);
  });

  it('infers message types from the subject', () => {
    const subject = 'auth.session.login' as const;
    const init: RequestInitOf<typeof subject> = {
      email: 'ada@example.com',
      password: 'hunter2hunter2',
      ip: '192.0.2.1',
    };
    const req: ValidRequestOf<typeof subject> = decodeMessage(
      requests[subject].request,
      encodeMessage(requests[subject].request, init),
    );
    expect(req.email).toBe('ada@example.com');
    const reply: ReplyOf<'auth.session.login'> | undefined = undefined;
    expect(reply).toBeUndefined();

    const evt: EventInitOf<'evt.auth.user.registered'> = {
      userId: '0b3c6f1e-4f5a-4b8e-9c2d-7e6f5a4b3c2d',
      email: 'ada@example.com',
    };
    expect(
      decodeMessage(events['evt.auth.user.registered'], encodeMessage(UserRegisteredSchema, evt))
        .userId,
    ).toBe(evt.userId);
  });
});
