import { parseDatabaseUrl, withDatabase } from './database-url';

describe('parseDatabaseUrl', () => {
  it('splits a full URL into connection fields', () => {
    expect(parseDatabaseUrl('postgresql://app:s3cret@db.internal:6543/strata?schema=auth')).toEqual(
      {
        host: 'db.internal',
        port: 6543,
        user: 'app',
        password: 's3cret',
        database: 'strata',
        schema: 'auth',
      },
    );
  });

  it('applies defaults and omits a missing password and schema', () => {
    expect(parseDatabaseUrl('postgres://127.0.0.1/strata')).toEqual({
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'strata',
    });
  });

  it('maps sslmode to TLS settings (require: encrypted; verify-*: verified)', () => {
    const ssl = (mode: string) => parseDatabaseUrl(`postgres://db/strata?sslmode=${mode}`).ssl;
    expect(ssl('require')).toEqual({ rejectUnauthorized: false });
    expect(ssl('verify-ca')).toEqual({ rejectUnauthorized: true });
    expect(ssl('verify-full')).toEqual({ rejectUnauthorized: true });
    for (const mode of ['disable', 'allow', 'prefer']) expect(ssl(mode)).toBeUndefined();
    expect(parseDatabaseUrl('postgres://db/strata').ssl).toBeUndefined();
    expect(() => ssl('required')).toThrow(/sslmode must be one of disable, allow, prefer/);
  });

  it('decodes percent-encoded credentials and names', () => {
    const parsed = parseDatabaseUrl('postgres://us%40er:p%3Aw%2Fd%23@localhost:5432/my%20db');
    expect(parsed.user).toBe('us@er');
    expect(parsed.password).toBe('p:w/d#');
    expect(parsed.database).toBe('my db');
  });

  it('unwraps IPv6 hosts', () => {
    expect(parseDatabaseUrl('postgres://postgres@[::1]:5432/strata').host).toBe('::1');
  });

  it.each([
    ['not a url', /not a valid URL/],
    ['mysql://root@localhost/strata', /postgres:\/\//],
    ['postgres://postgres@localhost:5432/', /no database name/],
  ])('rejects %s', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
  });

  it('does not echo the URL (it may hold a password) in errors', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@localhost/x')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});

describe('withDatabase', () => {
  it('swaps only the database name', () => {
    expect(withDatabase('postgres://u:p@h:1/strata?schema=auth', 'strata_test')).toBe(
      'postgres://u:p@h:1/strata_test?schema=auth',
    );
  });
});
