import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
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

  it('asks pg for TLS when the URL says sslmode=require', () => {
    expect(poolConfigFor('postgres://app@db/strata?sslmode=require', 'auth')).toMatchObject({
      ssl: { rejectUnauthorized: false },
    });
    expect(poolConfigFor('postgres://app@db/strata', 'auth')).not.toHaveProperty('ssl');
  });

  it('really negotiates TLS with sslmode=require (against the local PostgreSQL)', async () => {
    const url = `${process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'}`;
    const withTls = `${url}${url.includes('?') ? '&' : '?'}sslmode=require`;
    const client = new Client(poolConfigFor(withTls, 'public'));
    client.on('error', () => undefined);
    try {
      await client.connect();
      // A server with TLS on: this very connection is encrypted.
      const { rows } = await client.query(
        'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      expect(rows).toEqual([{ ssl: true }]);
    } catch (error) {
      // A server without TLS refuses the TLS request the client made.
      expect((error as Error).message).toMatch(/does not support SSL/);
    } finally {
      await client.end().catch(() => undefined);
    }
  });

  it("sizes the pool from the URL's connection_limit, and refuses a limit that is not a number", () => {
    expect(poolConfigFor('postgres://app@db/strata?connection_limit=4', 'auth')).toMatchObject({
      max: 4,
    });
    expect(poolConfigFor('postgres://app@db/strata', 'auth')).not.toHaveProperty('max');
    expect(() => poolConfigFor('postgres://app@db/strata?connection_limit=0', 'auth')).toThrow(
      /connection_limit/,
    );
    expect(() => poolConfigFor('postgres://app@db/strata?connection_limit=x', 'auth')).toThrow(
      /connection_limit/,
    );
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
