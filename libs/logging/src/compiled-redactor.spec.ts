import { CENSOR, compileRedactor } from './compiled-redactor';

describe('compileRedactor', () => {
  const redact = compileRedactor(['password', 'token', 'authorization']);

  it('answers the same object when nothing is secret (no per-line copy)', () => {
    const line = { userId: 'u1', body: { name: 'x', items: [{ a: 1 }] }, at: new Date() };
    expect(redact(line)).toBe(line);
  });

  it('censors secret keys at levels one to three, copying only the way to them', () => {
    const line = {
      password: 'p1',
      body: { token: 't2', keep: { ok: true } },
      req: { headers: { authorization: 'a3', accept: '*/*' } },
      list: [{ password: 'p3' }],
      other: { unchanged: true },
    };
    const out = redact(line);
    expect(out).toEqual({
      password: CENSOR,
      body: { token: CENSOR, keep: { ok: true } },
      req: { headers: { authorization: CENSOR, accept: '*/*' } },
      list: [{ password: CENSOR }],
      other: { unchanged: true },
    });
    expect(out.other).toBe(line.other);
    expect(out.body.keep).toBe(line.body.keep);
    expect(line.password).toBe('p1'); // the caller's object is not changed
    expect(line.req.headers.authorization).toBe('a3');
  });

  it('leaves a fourth level alone, as the path list did', () => {
    const line = { a: { b: { c: { password: 'deep' } } } };
    expect(redact(line)).toBe(line);
  });

  it('censors an error field and keeps its message and stack', () => {
    const error = Object.assign(new Error('boom'), { token: 'secret-t' });
    const out = redact({ err: error }) as { err: Record<string, unknown> };
    expect(out.err).toMatchObject({ message: 'boom', token: CENSOR, type: 'Error' });
    expect(out.err.stack).toContain('boom');
  });

  it('does not descend into class instances other than errors (their serializers decide)', () => {
    class Socketish {
      token = 'kept-by-class';
    }
    const line = { req: new Socketish() };
    expect(redact(line)).toBe(line);
  });
});
