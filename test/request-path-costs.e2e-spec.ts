import {
  type Infrastructure,
  type NatsRequestTap,
  type Platform,
  type PostgresStatementTap,
  type TappedStatement,
  startInfrastructure,
  startNatsRequestTap,
  startPlatform,
  startPostgresStatementTap,
  waitUntil,
} from '@strata/testing';
import { claimsOf, newUser, type TestUser } from './support/orgs';
import { seedClusters } from './support/seed-clusters';

/**
 * What one authenticated read costs behind the gateway, counted on the wire (issue 15): every
 * service reaches PostgreSQL through a statement tap (a TCP proxy reading the frontend
 * protocol), and a NATS subscription on `>` sees every request between services. An
 * authenticated read costs one RPC and at most two statements: the claims a second service
 * would answer are in the verified token, kept fresh by events (the gateway's TokenDenylist).
 *
 * The services' pollers run on their own clock (the outbox relays every 2 s, notify's push relay
 * every second); their statements, and the transactions they run in, are not the request's and
 * are left out by the tables they poll.
 */
const POLLED = /\b(outbox|push_log)\b/i;

const BEGIN = /^\s*(BEGIN|START TRANSACTION)\b/i;
const END = /^\s*(COMMIT|ROLLBACK|END)\b/i;

/** The transactions (tap units) that a poller's statement ran in, among all seen so far. */
function pollingUnits(all: TappedStatement[]): Set<number> {
  return new Set(all.filter((s) => POLLED.test(s.text)).map((s) => s.unit));
}
const REQUESTS = 10;

describe('request-path costs (RPCs and SQL statements per HTTP request)', () => {
  let infrastructure: Infrastructure;
  let sqlTap: PostgresStatementTap;
  let natsTap: NatsRequestTap;
  let platform: Platform;
  let owner: TestUser;
  let orgId: string;

  beforeAll(async () => {
    infrastructure = await startInfrastructure();
    sqlTap = await startPostgresStatementTap(infrastructure.databaseUrl);
    platform = await startPlatform({ infrastructure, env: { DATABASE_URL: sqlTap.url } });
    natsTap = await startNatsRequestTap(infrastructure.natsUrl);
    owner = await newUser(platform, 'costs');
    orgId = claimsOf(owner.accessToken).org as string;
    await seedClusters(infrastructure.databaseUrl, orgId, owner.userId, 5);
  }, 180_000);

  afterAll(async () => {
    await natsTap?.stop();
    await platform?.stop();
    await sqlTap?.stop();
    await infrastructure?.stop();
  });

  /** The RPCs and statements of `REQUESTS` sequential GETs of `path` (each answered 200). */
  async function costOf(path: string) {
    // The sign-up's events (profile, personal organization, notifications) settle first: one
    // request, whose own cost is not counted, and everything the tap has seen so far is history.
    expect((await owner.api.get(path)).status).toBe(200);
    const rpcsBefore = (await natsTap.settledRequests()).length;
    const statementsBefore = sqlTap.statements().length;
    for (let i = 0; i < REQUESTS; i++) expect((await owner.api.get(path)).status).toBe(200);
    const rpcs = (await natsTap.settledRequests()).slice(rpcsBefore);
    const statementsAfter = sqlTap.statements().length;
    // A transaction begun during the requests is told a poller's or not by what it runs, which
    // may come after the last request: wait for each to end before sorting them.
    const begun = sqlTap
      .statements()
      .slice(statementsBefore, statementsAfter)
      .filter((s) => BEGIN.test(s.text))
      .map((s) => s.unit);
    await waitUntil(
      async () => {
        const ended = new Set(
          sqlTap
            .statements()
            .filter((s) => END.test(s.text))
            .map((s) => s.unit),
        );
        return begun.every((unit) => ended.has(unit));
      },
      { timeoutMs: 10_000, description: 'the transactions begun during the requests to end' },
    );
    const all = sqlTap.statements();
    const polling = pollingUnits(all);
    const statements = all
      .slice(statementsBefore, statementsAfter)
      .filter((s) => !polling.has(s.unit));
    // The figures behind bench/results (per request), on stderr beside the harness's lines.
    const bySchema = new Map<string, number>();
    for (const s of statements) bySchema.set(`${s.schema}`, (bySchema.get(`${s.schema}`) ?? 0) + 1);
    process.stderr.write(
      `[request-path-costs] GET ${path}: ${rpcs.length / REQUESTS} RPCs, ` +
        `${statements.length / REQUESTS} statements per request (` +
        [...bySchema].map(([schema, n]) => `${schema} ${n / REQUESTS}`).join(', ') +
        `)\n`,
    );
    return { rpcs, statements };
  }

  it('GET /api/v1/me costs one NATS request and at most two SQL statements', async () => {
    const { rpcs, statements } = await costOf('/api/v1/me');
    expect(rpcs).toEqual(Array(REQUESTS).fill('accounts.profile.get'));
    expect(statements.length).toBeLessThanOrEqual(2 * REQUESTS);
    expect(new Set(statements.map((s) => s.schema))).toEqual(new Set(['accounts']));
  });

  it('an org-scoped list (clusters) costs one NATS request and at most two SQL statements', async () => {
    const path = `/api/v1/orgs/${orgId}/clusters`;
    const list = await owner.api.get(path);
    expect(list.body.items).toHaveLength(5);
    // The latest run's progress step rides along (the newest of each cluster's two runs).
    expect(list.body.items.map((c: { progress: unknown }) => c.progress)).toEqual(
      Array(5).fill({ step: 'step-1', percent: 100 }),
    );
    const { rpcs, statements } = await costOf(path);
    expect(rpcs).toEqual(Array(REQUESTS).fill('cluster.cluster.list'));
    expect(statements.length).toBeLessThanOrEqual(2 * REQUESTS);
    expect(new Set(statements.map((s) => s.schema))).toEqual(new Set(['cluster']));
  });
});
