import { assertSchemaName, quoteIdentifier } from './sql-identifier';

describe('assertSchemaName', () => {
  it.each(['auth', 'notify', 'cluster_v2', '_x'])('accepts %s', (name) => {
    expect(assertSchemaName(name)).toBe(name);
  });

  it.each(['', 'Auth', '1auth', 'auth-svc', 'a"b', 'auth;drop', 'a'.repeat(64)])(
    'rejects %j',
    (name) => {
      expect(() => assertSchemaName(name)).toThrow(/invalid schema name/);
    },
  );
});

describe('quoteIdentifier', () => {
  it('double-quotes and escapes embedded quotes', () => {
    expect(quoteIdentifier('strata')).toBe('"strata"');
    expect(quoteIdentifier('we"ird')).toBe('"we""ird"');
  });

  it('rejects empty, over-long and NUL-containing names', () => {
    expect(() => quoteIdentifier('')).toThrow();
    expect(() => quoteIdentifier('x'.repeat(64))).toThrow();
    expect(() => quoteIdentifier('a\0b')).toThrow();
  });
});
