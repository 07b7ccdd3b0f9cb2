import { preparedStatement, runPrepared, type PreparedExecutor } from './prepared-statement';

describe('preparedStatement', () => {
  it('refuses a name declared twice (one namespace per connection)', () => {
    preparedStatement('spec_twice', 'SELECT 1');
    expect(() => preparedStatement('spec_twice', 'SELECT 2')).toThrow(/declared twice/);
  });

  it('refuses a name that is not snake_case', () => {
    expect(() => preparedStatement('Bad-Name', 'SELECT 1')).toThrow(/snake_case/);
  });

  it('runs as a named query config, so pg prepares it once per connection', async () => {
    const calls: unknown[] = [];
    const executor: PreparedExecutor = {
      query: async (config) => {
        calls.push(config);
        return { rows: [{ n: 1 }] as never[] };
      },
    };
    const statement = preparedStatement<[string], { n: number }>(
      'spec_run',
      'SELECT 1 AS n WHERE $1::text IS NOT NULL',
    );
    expect(await runPrepared(executor, statement, ['x'])).toEqual([{ n: 1 }]);
    expect(calls).toEqual([
      { name: 'spec_run', text: 'SELECT 1 AS n WHERE $1::text IS NOT NULL', values: ['x'] },
    ]);
  });
});
