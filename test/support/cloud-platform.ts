import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { RpcClient } from '@strata/messaging';
import { HttpResponse, Platform, startPlatform } from '@strata/testing';
import { claimsOf, newUser, TestUser } from './orgs';

const newMasterKey = () => randomBytes(32).toString('base64');

type MasterKeyId = 'k1' | 'k2';

/**
 * What the cloud suites share: the platform with the cloud service's master keys and internal
 * token, a database client and an RPC client, a first user (a platform admin) who owns the active
 * organization, and the list of secrets that must never show in a log.
 *
 * Make it at describe level (so `remember` can be used while building fixtures), then call
 * `start()` in beforeAll and `stop()` in afterAll.
 */
export class CloudSuite {
  readonly masterKeys: Record<MasterKeyId, string> = { k1: newMasterKey(), k2: newMasterKey() };
  readonly internalToken = randomBytes(32).toString('base64url');
  /** Everything that must never appear in a service's output. */
  readonly secrets: string[] = [this.internalToken, this.masterKeys.k1, this.masterKeys.k2];
  platform!: Platform;
  db!: Client;
  rpc!: RpcClient;
  owner!: TestUser;
  orgId!: string;

  constructor(private readonly label: string) {}

  /** Adds a secret to the never-logged list and returns it. */
  readonly remember = <T extends string>(secret: T): T => {
    this.secrets.push(secret);
    return secret;
  };

  /**
   * Starts the platform with `cloudEnv` (stand-in endpoints) added to the cloud service's env,
   * and `options.env` to every service's.
   */
  async start(
    cloudEnv: Record<string, string>,
    options: { env?: Record<string, string> } = {},
  ): Promise<void> {
    this.platform = await startPlatform({
      env: options.env,
      serviceEnv: {
        cloud: {
          ...this.masterKeyEnv(['k1'], 'k1'),
          CLOUD_INTERNAL_TOKEN: this.internalToken,
          ...cloudEnv,
        },
      },
    });
    this.db = new Client({ connectionString: this.platform.infrastructure.databaseUrl });
    await this.db.connect();
    this.rpc = new RpcClient({ url: this.platform.infrastructure.natsUrl, name: this.label });
    await this.rpc.connect();
    this.owner = await newUser(this.platform, `${this.label}-owner`);
    this.orgId = claimsOf(this.owner.accessToken).org as string;
    this.remember(this.owner.accessToken);
  }

  async stop(): Promise<void> {
    await this.rpc?.onApplicationShutdown();
    await this.db?.end();
    await this.platform?.stop();
  }

  /** The cloud service's key configuration: these master keys, `active` encrypting new data. */
  masterKeyEnv(ids: MasterKeyId[], active: MasterKeyId): Record<string, string> {
    return {
      CLOUD_MASTER_KEYS: ids.map((id) => `${id}:${this.masterKeys[id]}`).join(','),
      CLOUD_ACTIVE_KEY_ID: active,
    };
  }

  /** Restarts the cloud service with only these master keys. */
  restartWithMasterKeys(ids: MasterKeyId[], active: MasterKeyId): Promise<void> {
    return this.platform.restart('cloud', this.masterKeyEnv(ids, active));
  }

  /** `cloud.credentials.issue` as the cluster service asks for it (with the internal token). */
  issueCredentials(cloudAccountId: string, purpose: string) {
    return this.rpc.request(
      'cloud.credentials.issue',
      { orgId: this.orgId, cloudAccountId, purpose },
      { headers: { 'x-strata-internal-token': this.internalToken } },
    );
  }

  /** How many rows a table of the cloud schema holds. */
  async count(table: 'cloud_accounts' | 'storage_connectors'): Promise<number> {
    const { rows } = await this.db.query(`SELECT count(*)::int AS n FROM cloud.${table}`);
    return rows[0].n as number;
  }

  /**
   * Posts `body` to `path` as the owner and expects a 422 problem with `code` and no new row in
   * `table`: the refusal saved nothing.
   */
  async expectRefusedWithoutSaving(
    path: string,
    body: unknown,
    code: string,
    table: 'cloud_accounts' | 'storage_connectors',
  ): Promise<HttpResponse> {
    const before = await this.count(table);
    const res = await this.owner.api.post(path, body);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(await this.count(table)).toBe(before);
    return res;
  }

  /** The raw rows of cloud.cloud_accounts, and all of them as text (byte columns as latin1). */
  async rawCloudAccounts() {
    const { rows } = await this.db.query('SELECT * FROM cloud.cloud_accounts');
    const dump = JSON.stringify(rows, (_k, v) =>
      v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v,
    );
    return { rows, dump };
  }

  /** Asserts that no remembered secret (nor a PEM private key) appears in any service's output. */
  expectNoSecretLogged(): void {
    const logs = this.platform.logs();
    for (const secret of this.secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toContain('PRIVATE KEY');
  }
}
