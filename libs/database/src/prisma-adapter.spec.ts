import { PrismaPg } from '@prisma/adapter-pg';
import { createPrismaAdapter, poolConfigFor } from './prisma-adapter';

describe('poolConfigFor', () => {
  it('gives pg discrete fields and pins search_path to the schema', () => {
    expect(poolConfigFor('postgres://app:pw@db:5433/strata', 'auth')).toEqual({
      host: 'db',
      port: 5433,
      user: 'app',
      password: 'pw',
      database: 'strata',
      options: '-c search_path=auth',
    });
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => poolConfigFor('postgres://db/strata', 'auth -c x=1')).toThrow(
      /invalid schema name/,
    );
  });
});

describe('createPrismaAdapter', () => {
  it('returns a PrismaPg factory for postgres without connecting', () => {
    const adapter = createPrismaAdapter('postgres://postgres@127.0.0.1:5432/strata', 'notify');
    expect(adapter).toBeInstanceOf(PrismaPg);
    expect(adapter.provider).toBe('postgres');
    expect(adapter.adapterName).toBe('@prisma/adapter-pg');
  });
});
