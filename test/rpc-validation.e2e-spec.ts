import { Client } from 'pg';
import { RpcClient } from '@strata/messaging';
import {
  type Infrastructure,
  type NatsRequestTap,
  type Platform,
  startInfrastructure,
  startNatsRequestTap,
  startPlatform,
} from '@strata/testing';
import { claimsOf, newUser, type TestUser } from './support/orgs';

/**
 * Each RPC message is checked against its proto/ rules once (issue 15): a request by the service
 * that receives it, a reply by the service that sends it. The caller's RpcClient no longer runs
 * a request's rules before sending it, so a request that breaks them reaches the service (the NATS
 * tap sees it) and the service refuses it with 400 platform.invalid_message: whoever sends a
 * request, nothing behind a service's contract sees one that breaks it.
 */
describe('RPC contracts: the receiving service checks a request', () => {
  let infrastructure: Infrastructure;
  let platform: Platform;
  let natsTap: NatsRequestTap;
  let rpc: RpcClient;
  let db: Client;
  let owner: TestUser;
  let orgId: string;

  beforeAll(async () => {
    infrastructure = await startInfrastructure();
    platform = await startPlatform({ infrastructure });
    natsTap = await startNatsRequestTap(infrastructure.natsUrl);
    rpc = new RpcClient({ url: infrastructure.natsUrl, name: 'rpc-validation' });
    await rpc.connect();
    db = new Client({ connectionString: infrastructure.databaseUrl });
    await db.connect();
    owner = await newUser(platform, 'rpc-validation');
    orgId = claimsOf(owner.accessToken).org as string;
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await rpc?.onApplicationShutdown();
    await natsTap?.stop();
    await platform?.stop();
    await infrastructure?.stop();
  });

  /** How many requests on `subject` the tap has seen so far. */
  const seen = async (subject: string) =>
    (await natsTap.settledRequests()).filter((s) => s === subject).length;

  it('accounts refuses an organization name over its max_len, sent straight over NATS, and creates nothing', async () => {
    const before = await seen('accounts.org.create');
    const name = `Long${'x'.repeat(100)}`;
    const sent = rpc.request('accounts.org.create', { name }, { accessToken: owner.accessToken });
    await expect(sent).rejects.toMatchObject({
      status: 400,
      code: 'platform.invalid_message',
      errors: [expect.objectContaining({ field: 'name' })],
    });
    // The service refused it: the request was on the wire, not stopped by the caller.
    expect(await seen('accounts.org.create')).toBe(before + 1);
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM accounts.organizations WHERE name = $1',
      [name],
    );
    expect(rows[0].n).toBe(0);
  });

  it('cluster refuses a request whose cluster_id is not a UUID', async () => {
    // In the caller's own organization: the tenancy guard, which runs before the contract pipe,
    // lets it through (an org_id that is not a UUID is nobody's organization: 404 there).
    const before = await seen('cluster.cluster.get');
    const sent = rpc.request(
      'cluster.cluster.get',
      { orgId, clusterId: 'not-a-uuid' },
      { accessToken: owner.accessToken },
    );
    await expect(sent).rejects.toMatchObject({
      status: 400,
      code: 'platform.invalid_message',
      errors: [expect.objectContaining({ field: 'cluster_id' })],
    });
    expect(await seen('cluster.cluster.get')).toBe(before + 1);
  });

  it('answers a request that keeps its rules, with a reply the caller decodes', async () => {
    const reply = await rpc.request(
      'cluster.cluster.list',
      { orgId },
      { accessToken: owner.accessToken },
    );
    expect(reply.clusters).toEqual([]);
    const profile = await rpc.request(
      'accounts.profile.get',
      {},
      { accessToken: owner.accessToken },
    );
    expect({ userId: profile.userId, email: profile.email }).toEqual({
      userId: owner.userId,
      email: owner.email,
    });
  });
});
