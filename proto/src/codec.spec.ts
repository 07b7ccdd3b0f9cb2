import { create, toJson } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { decodeMessage, encodeMessage, toWireJson } from './codec';
import { ContractViolationError } from './contract-violation.error';
import { RegisterRequestSchema } from './gen/strata/auth/v1/registration_pb';
import { ListSessionsReplySchema, TokenPairSchema } from './gen/strata/auth/v1/session_pb';
import { SessionRevokeReason, SessionRevokedSchema } from './gen/strata/auth/v1/events_pb';

const USER_ID = '0b3c6f1e-4f5a-4b8e-9c2d-7e6f5a4b3c2d';
const SESSION_ID = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const register = {
  email: 'ada@example.com',
  password: 'correct horse battery staple',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
};

function violationsOf(fn: () => unknown): ContractViolationError['violations'] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ContractViolationError);
    return (err as ContractViolationError).violations;
  }
  throw new Error('expected a ContractViolationError');
}

describe('encodeMessage / decodeMessage', () => {
  it('round-trips a valid message through JSON bytes', () => {
    const bytes = encodeMessage(RegisterRequestSchema, register);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({
      email: 'ada@example.com',
      password: 'correct horse battery staple',
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0',
    });
    const decoded = decodeMessage(RegisterRequestSchema, bytes);
    expect(decoded).toEqual(create(RegisterRequestSchema, register));
  });

  it('accepts a JSON string or an already parsed object, in snake or camel case', () => {
    const json = {
      email: register.email,
      password: register.password,
      ip: register.ip,
      user_agent: 'x',
    };
    expect(decodeMessage(RegisterRequestSchema, JSON.stringify(json)).userAgent).toBe('x');
    expect(decodeMessage(RegisterRequestSchema, { ...register }).userAgent).toBe('Mozilla/5.0');
  });

  it('round-trips timestamps, enums and repeated fields', () => {
    const expires = timestampFromDate(new Date('2030-01-02T03:04:05Z'));
    const pair = decodeMessage(
      TokenPairSchema,
      encodeMessage(TokenPairSchema, {
        accessToken: 'eyJ.a.b',
        accessTokenExpiresAt: expires,
        refreshToken: 'r1',
        refreshTokenExpiresAt: expires,
        sessionId: SESSION_ID,
      }),
    );
    // valid type: required message fields are non-optional
    expect(pair.accessTokenExpiresAt.seconds).toBe(expires.seconds);

    const bytes = encodeMessage(SessionRevokedSchema, {
      userId: USER_ID,
      sessionIds: [SESSION_ID],
      reason: SessionRevokeReason.PASSWORD_CHANGED,
    });
    expect(new TextDecoder().decode(bytes)).toContain('"SESSION_REVOKE_REASON_PASSWORD_CHANGED"');
    expect(decodeMessage(SessionRevokedSchema, bytes).reason).toBe(
      SessionRevokeReason.PASSWORD_CHANGED,
    );
  });

  it('rejects a field of the wrong type', () => {
    const violations = violationsOf(() =>
      decodeMessage(RegisterRequestSchema, { ...register, email: 42 }),
    );
    expect(violations).toEqual([expect.objectContaining({ field: 'email', rule: 'json.type' })]);
  });

  it('rejects unknown fields', () => {
    const violations = violationsOf(() =>
      decodeMessage(RegisterRequestSchema, { ...register, isAdmin: true }),
    );
    expect(violations).toEqual([
      expect.objectContaining({ field: 'isAdmin', rule: 'json.unknown_field' }),
    ]);
  });

  it('rejects malformed JSON bytes', () => {
    const violations = violationsOf(() =>
      decodeMessage(RegisterRequestSchema, new TextEncoder().encode('{"email":')),
    );
    expect(violations).toEqual([expect.objectContaining({ field: '', rule: 'json.syntax' })]);
  });

  it('rejects a too-short password with its field path', () => {
    const violations = violationsOf(() =>
      decodeMessage(RegisterRequestSchema, { ...register, password: 'short' }),
    );
    expect(violations).toEqual([
      { field: 'password', message: 'must be at least 8 characters', rule: 'string.min_len' },
    ]);
  });

  it('counts password length in characters, not bytes', () => {
    // 8 characters, 24 UTF-8 bytes
    expect(() =>
      decodeMessage(RegisterRequestSchema, { ...register, password: 'пароль€€' }),
    ).not.toThrow();
    const tooLong = 'ж'.repeat(129);
    expect(
      violationsOf(() => decodeMessage(RegisterRequestSchema, { ...register, password: tooLong })),
    ).toEqual([expect.objectContaining({ field: 'password', rule: 'string.max_len' })]);
  });

  it('rejects a bad email', () => {
    const violations = violationsOf(() =>
      decodeMessage(RegisterRequestSchema, { ...register, email: 'not-an-email' }),
    );
    expect(violations).toEqual([expect.objectContaining({ field: 'email', rule: 'string.email' })]);
  });

  it('reports nested field paths', () => {
    const now = timestampFromDate(new Date());
    const reply = create(ListSessionsReplySchema, {
      sessions: [{ id: 'nope', ip: '198.51.100.1', createdAt: now, lastUsedAt: now }],
    });
    const violations = violationsOf(() =>
      decodeMessage(ListSessionsReplySchema, toJson(ListSessionsReplySchema, reply)),
    );
    expect(violations).toEqual([
      expect.objectContaining({ field: 'sessions[0].id', rule: 'string.uuid' }),
    ]);
  });

  it('validates on encode too (producer bugs fail fast)', () => {
    expect(() => encodeMessage(RegisterRequestSchema, { ...register, email: '' })).toThrow(
      ContractViolationError,
    );
  });
});

describe('validate: false (the side that trusts the other one checked the rules)', () => {
  it('encodes a message that breaks its rules, for its receiver to refuse', () => {
    expect(() => toWireJson(RegisterRequestSchema, { ...register, email: 'not-an-email' })).toThrow(
      ContractViolationError,
    );
    expect(
      toWireJson(
        RegisterRequestSchema,
        { ...register, email: 'not-an-email' },
        { validate: false },
      ),
    ).toEqual({
      email: 'not-an-email',
      password: register.password,
      ip: register.ip,
      user_agent: register.userAgent,
    });
  });

  it('decodes without the rules', () => {
    const json = { ...register, password: 'short' };
    expect(() => decodeMessage(RegisterRequestSchema, json)).toThrow(ContractViolationError);
    expect(decodeMessage(RegisterRequestSchema, json, { validate: false }).password).toBe('short');
  });

  it('still rejects unknown fields, wrong types and malformed JSON', () => {
    const off = { validate: false };
    expect(
      violationsOf(() => decodeMessage(RegisterRequestSchema, { ...register, isAdmin: true }, off)),
    ).toEqual([expect.objectContaining({ field: 'isAdmin', rule: 'json.unknown_field' })]);
    expect(
      violationsOf(() => decodeMessage(RegisterRequestSchema, { ...register, email: 42 }, off)),
    ).toEqual([expect.objectContaining({ field: 'email', rule: 'json.type' })]);
    expect(violationsOf(() => decodeMessage(RegisterRequestSchema, '{"email":', off))).toEqual([
      expect.objectContaining({ rule: 'json.syntax' }),
    ]);
  });
});
