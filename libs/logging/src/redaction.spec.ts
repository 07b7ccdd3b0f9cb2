import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from './create-logger';
import { redactUrl } from './redaction';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino(loggerOptions('test', 'info'), stream), lines };
}

describe('log redaction', () => {
  it('never writes passwords, tokens or secrets, at any of three levels', () => {
    const { logger, lines } = capture();
    logger.info({
      password: 'p-top',
      body: { newPassword: 'p-nested', refreshToken: 'r-nested' },
      req: { headers: { authorization: 'Bearer a-header', cookie: 'c-cookie' } },
      deep: { inner: { secret: 's-deep' } },
    });
    const out = lines.join('');
    for (const secret of ['p-top', 'p-nested', 'r-nested', 'a-header', 'c-cookie', 's-deep']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
  });

  it('drops query values from URLs but keeps the names', () => {
    expect(redactUrl('/api/v1/auth/verify?token=abc&x=1')).toBe(
      '/api/v1/auth/verify?token=[redacted]&x=[redacted]',
    );
    expect(redactUrl('/api/v1/me')).toBe('/api/v1/me');
  });
});
