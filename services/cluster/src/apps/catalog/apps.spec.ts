import { airflow } from './airflow';
import { codeServer } from './code-server';
import { jupyterhub } from './jupyterhub';
import { mlflow } from './mlflow';
import { superset } from './superset';
import type { AppContext, CatalogApp } from './types';

const context: AppContext = { release: 'tools', namespace: 'data', provider: 'gcp' };
const EXTERNAL = 'postgresql://app:p%40ss@db.internal:6543/appdb?sslmode=require';

function parse<S extends object>(app: CatalogApp<S>, input: object = {}): S {
  return app.settingsSchema.parse(input);
}

/** Every string leaf of a values object. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('catalog secrets', () => {
  it('are fresh each time and in the formats the apps require', () => {
    const a = jupyterhub.generateSecrets();
    const b = jupyterhub.generateSecrets();
    expect(a.cookieSecret).toMatch(/^[0-9a-f]{64}$/); // openssl rand -hex 32
    expect(a.proxySecretToken).toMatch(/^[0-9a-f]{64}$/);
    expect(a.adminPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a.cookieSecret).not.toBe(b.cookieSecret);
    expect(a.adminPassword).not.toBe(b.adminPassword);

    const fernet = airflow.generateSecrets().fernetKey!;
    expect(fernet).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(fernet, 'base64url')).toHaveLength(32);

    const key = superset.generateSecrets().secretKey!;
    expect(Buffer.from(key, 'base64')).toHaveLength(42);

    for (const app of [codeServer, jupyterhub, mlflow, airflow, superset] as CatalogApp<object>[])
      expect(Object.keys(app.generateSecrets()).sort()).toEqual([...app.secretNames].sort());
  });
});

describe('code-server', () => {
  it('sets the password from the generated secret and the home volume from the settings', () => {
    const secrets = { password: 'generated-password-1' };
    const values = codeServer.valuesFor(
      parse(codeServer, { storageSize: '20Gi', storageClass: 'fast' }),
      secrets,
      context,
    );
    expect(values).toMatchObject({
      password: 'generated-password-1',
      persistence: { enabled: true, size: '20Gi', storageClass: 'fast' },
      ingress: { enabled: false },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
    });
    expect(codeServer.urls(parse(codeServer), context)).toEqual([
      'http://tools-code-server.data.svc.cluster.local:8080/',
    ]);
    expect(codeServer.adminCredentials(parse(codeServer), secrets)).toEqual({
      username: 'coder',
      password: 'generated-password-1',
    });
  });

  it('serves the hostname through an Ingress, https with a TLS secret', () => {
    const settings = parse(codeServer, {
      hostname: 'code.example.com',
      ingressClassName: 'nginx',
      tlsSecretName: 'code-tls',
    });
    expect(codeServer.valuesFor(settings, { password: 'x' }, context).ingress).toEqual({
      enabled: true,
      ingressClassName: 'nginx',
      hosts: [{ host: 'code.example.com', paths: ['/'] }],
      tls: [{ secretName: 'code-tls', hosts: ['code.example.com'] }],
    });
    expect(codeServer.urls(settings, context)[0]).toBe('https://code.example.com/');
    expect(codeServer.settingsSchema.safeParse({ tlsSecretName: 'code-tls' }).success).toBe(false);
  });
});

describe('jupyterhub', () => {
  const secrets = {
    adminPassword: 'pw-123456',
    cookieSecret: 'c'.repeat(64),
    proxySecretToken: 'p'.repeat(64),
  };

  it('replaces the open dummy login with the admin and a shared generated password', () => {
    const values = jupyterhub.valuesFor(parse(jupyterhub, { adminUser: 'ada' }), secrets, context);
    expect(values).toMatchObject({
      hub: {
        config: {
          JupyterHub: { authenticator_class: 'jupyterhub.auth.DummyAuthenticator' },
          DummyAuthenticator: { password: 'pw-123456' },
          Authenticator: { admin_users: ['ada'], allowed_users: ['ada'] },
        },
        cookieSecret: 'c'.repeat(64),
        db: { type: 'sqlite-pvc', pvc: { storage: '1Gi' } },
      },
      proxy: { secretToken: 'p'.repeat(64), service: { type: 'ClusterIP' } },
      singleuser: {
        storage: { capacity: '10Gi' },
        cpu: { guarantee: 0.5 },
        memory: { guarantee: '1G', limit: '1G' },
      },
    });
    expect(jupyterhub.adminCredentials(parse(jupyterhub, { adminUser: 'ada' }), secrets)).toEqual({
      username: 'ada',
      password: 'pw-123456',
    });
  });

  it('uses an external PostgreSQL, the password apart from the URL', () => {
    const values = jupyterhub.valuesFor(
      parse(jupyterhub, {
        database: 'external',
        databaseUri: EXTERNAL,
        hostname: 'hub.example.com',
      }),
      secrets,
      context,
    );
    expect(values).toMatchObject({
      hub: {
        db: {
          type: 'postgres',
          url: 'postgresql+psycopg2://app@db.internal:6543/appdb?sslmode=require',
          password: 'p@ss',
        },
      },
      ingress: { enabled: true, hosts: ['hub.example.com'] },
    });
  });
});

describe('mlflow', () => {
  const secrets = {
    adminPassword: 'mlflow-pw',
    flaskSecretKey: 'f'.repeat(64),
    databasePassword: 'db-pw',
  };

  it('allows the in-cluster host names and localhost (MLflow rejects other Host headers)', () => {
    const values = mlflow.valuesFor(parse(mlflow), secrets, context);
    expect(values.serverAllowedHosts).toEqual(
      expect.arrayContaining([
        'tools-mlflow',
        'tools-mlflow.data.svc.cluster.local',
        'localhost:*',
      ]),
    );
    expect(values).toMatchObject({
      auth: { enabled: true, adminUsername: 'admin', adminPassword: 'mlflow-pw' },
      flaskServerSecretKey: 'f'.repeat(64),
      backendStore: { databaseMigration: true, postgres: { enabled: false } },
      postgresql: {
        enabled: true,
        auth: { username: 'mlflow', password: 'db-pw', database: 'mlflow' },
        primary: { persistence: { size: '8Gi' } },
      },
    });
    expect(mlflow.readiness(parse(mlflow), context).workloads).toEqual([
      { kind: 'Deployment', name: 'tools-mlflow' },
      { kind: 'StatefulSet', name: 'tools-postgresql', when: 'database bundled' },
    ]);
  });

  it('uses an external PostgreSQL and refuses replicas without one', () => {
    const values = mlflow.valuesFor(
      parse(mlflow, { database: 'external', databaseUri: EXTERNAL, replicas: 3 }),
      secrets,
      context,
    );
    expect(values).toMatchObject({
      replicaCount: 3,
      postgresql: { enabled: false },
      backendStore: {
        postgres: {
          enabled: true,
          host: 'db.internal',
          port: 6543,
          database: 'appdb',
          user: 'app',
          password: 'p@ss',
        },
      },
    });
    const refused = mlflow.settingsSchema.safeParse({ replicas: 2 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['replicas']);
  });
});

describe('airflow', () => {
  const secrets = {
    adminPassword: 'af-pw',
    fernetKey: 'k'.repeat(43) + '=',
    webserverSecretKey: 'w'.repeat(64),
    databasePassword: 'db-pw',
  };

  it('turns off the migration and create-user hooks that deadlock helm --wait', () => {
    const values = airflow.valuesFor(parse(airflow), secrets, context);
    expect(values).toMatchObject({
      migrateDatabaseJob: { enabled: true, useHelmHooks: false, applyCustomEnv: false },
      createUserJob: { useHelmHooks: false, applyCustomEnv: false },
      fernetKey: secrets.fernetKey,
      webserverSecretKey: secrets.webserverSecretKey,
      executor: 'KubernetesExecutor',
      webserver: {
        defaultUser: { enabled: true, role: 'Admin', username: 'admin', password: 'af-pw' },
      },
      data: { metadataConnection: { user: 'postgres', pass: 'db-pw', db: 'postgres' } },
      postgresql: { enabled: true, auth: { postgresPassword: 'db-pw' } },
    });
    // The chart's default admin/admin never survives.
    expect(strings(values)).not.toContain('admin@example.com');
    const readiness = airflow.readiness(parse(airflow), context);
    expect(readiness.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(
      expect.arrayContaining([
        'Job/tools-run-airflow-migrations',
        'Job/tools-create-user',
        'Deployment/tools-webserver',
      ]),
    );
  });

  it('gives the storage class to the chart’s volumes and to the Bitnami PostgreSQL under their own keys', () => {
    const values = airflow.valuesFor(
      parse(airflow, { storageClass: 'fast', storageSize: '20Gi' }),
      secrets,
      context,
    ) as { postgresql: { primary: { persistence: Record<string, unknown> } } };
    expect(values).toMatchObject({
      triggerer: { persistence: { size: '20Gi', storageClassName: 'fast' } },
      workers: { persistence: { size: '20Gi', storageClassName: 'fast' } },
    });
    // Bitnami's postgresql chart reads primary.persistence.storageClass, not storageClassName.
    expect(values.postgresql.primary.persistence).toEqual({
      enabled: true,
      size: '20Gi',
      storageClass: 'fast',
    });
  });

  it('maps an external database and the Celery executor', () => {
    const settings = parse(airflow, {
      database: 'external',
      databaseUri: EXTERNAL,
      executor: 'CeleryExecutor',
    });
    expect(airflow.valuesFor(settings, secrets, context)).toMatchObject({
      data: {
        metadataConnection: {
          user: 'app',
          pass: 'p@ss',
          protocol: 'postgresql',
          host: 'db.internal',
          port: 6543,
          db: 'appdb',
          sslmode: 'require',
        },
      },
      postgresql: { enabled: false },
    });
    const names = airflow.readiness(settings, context).workloads.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['tools-worker', 'tools-redis']));
    expect(names).not.toContain('tools-postgresql');
    expect(airflow.urls(parse(airflow), context)).toEqual([
      'http://tools-webserver.data.svc.cluster.local:8080/',
    ]);
  });
});

describe('superset', () => {
  const secrets = { adminPassword: 'ss-pw', secretKey: 'S'.repeat(56), databasePassword: 'db-pw' };

  it('sets the admin and SECRET_KEY from generated secrets instead of admin/admin', () => {
    const values = superset.valuesFor(parse(superset, { adminUser: 'grace' }), secrets, context);
    expect(values).toMatchObject({
      extraSecretEnv: { SUPERSET_SECRET_KEY: 'S'.repeat(56) },
      configOverrides: { secret_key: 'SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]' },
      init: { createAdmin: true, adminUser: { username: 'grace', password: 'ss-pw' } },
      supersetNode: {
        connections: { db_host: 'tools-postgresql', db_user: 'superset', db_pass: 'db-pw' },
      },
      postgresql: { enabled: true, auth: { password: 'db-pw' } },
    });
    expect(strings(values)).not.toContain('admin');
  });

  it('sets the web replicas and the bundled volume under the chart’s own keys', () => {
    const values = superset.valuesFor(
      parse(superset, { replicas: 3, storageClass: 'fast', storageSize: '20Gi' }),
      secrets,
      context,
    ) as { supersetNode: Record<string, unknown> };
    // 0.14.3 reads supersetNode.replicas.replicaCount; a top-level replicaCount is ignored.
    expect(values.supersetNode.replicas).toEqual({ enabled: true, replicaCount: 3 });
    expect(values.supersetNode).not.toHaveProperty('replicaCount');
    expect(values).toMatchObject({
      postgresql: {
        primary: { persistence: { enabled: true, size: '20Gi', storageClass: 'fast' } },
      },
    });
  });

  it('maps an external database', () => {
    const values = superset.valuesFor(
      parse(superset, { database: 'external', databaseUri: EXTERNAL }),
      secrets,
      context,
    );
    expect(values).toMatchObject({
      supersetNode: {
        connections: {
          db_host: 'db.internal',
          db_port: '6543',
          db_user: 'app',
          db_pass: 'p@ss',
          db_name: 'appdb',
        },
      },
      postgresql: { enabled: false },
    });
    expect(superset.urls(parse(superset), context)).toEqual([
      'http://tools-superset.data.svc.cluster.local:8088/',
    ]);
  });
});
