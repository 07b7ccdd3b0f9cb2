import type { QueryResultRow } from 'pg';

/** Anything that runs a pg query config: a Pool, a PoolClient, a Client. */
export interface PreparedExecutor {
  query<R extends QueryResultRow>(config: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: R[] }>;
}

/**
 * A named prepared statement: PostgreSQL parses and plans `text` once per connection (the
 * first execution sends Parse; later ones only Bind and Execute), and no query compiler runs
 * in the process. `Params` types the `$1…` values in order, `Row` one result row as the server
 * returns it (snake_case columns, unless the SQL aliases them).
 */
export interface PreparedStatement<Params extends readonly unknown[], Row extends QueryResultRow> {
  readonly name: string;
  readonly text: string;
  /** Phantom fields: the types travel with the statement, nothing is stored. */
  readonly __params?: Params;
  readonly __row?: Row;
}

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
const names = new Set<string>();

/**
 * Declares a statement once (at module load). Names are one namespace per process (pg keeps
 * one per connection): a second statement with the same name is a mistake and throws.
 */
export function preparedStatement<Params extends readonly unknown[], Row extends QueryResultRow>(
  name: string,
  text: string,
): PreparedStatement<Params, Row> {
  if (!NAME.test(name)) throw new Error(`prepared statement name "${name}" is not snake_case`);
  if (names.has(name)) throw new Error(`prepared statement "${name}" is declared twice`);
  names.add(name);
  return { name, text };
}

/** Runs a prepared statement with its values; the rows as PostgreSQL returns them. */
export async function runPrepared<Params extends readonly unknown[], Row extends QueryResultRow>(
  executor: PreparedExecutor,
  statement: PreparedStatement<Params, Row>,
  values: Params,
): Promise<Row[]> {
  const result = await executor.query<Row>({
    name: statement.name,
    text: statement.text,
    values: [...values],
  });
  return result.rows;
}
