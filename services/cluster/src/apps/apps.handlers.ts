import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, type Principal } from '@strata/authz';
import { type ReplyInit, type RequestData, RpcHandler } from '@strata/messaging';
import { ClusterQueries } from '../clusters/cluster-queries';
import { AppQueries } from './app-queries';
import { appRunView, appView } from './app-view';
import { catalogEntries } from './catalog';
import { ChangeApp } from './change-app';
import { InstallApp } from './install-app';
import { ReadAdminCredentials } from './read-admin-credentials';
import { RetryAppRun } from './retry-app-run';
import { UninstallApp } from './uninstall-app';

/** The apps' NATS entry points (thin: each is one use case). */
@Controller()
export class AppsHandlers {
  constructor(
    private readonly clusters: ClusterQueries,
    private readonly queries: AppQueries,
    private readonly installApp: InstallApp,
    private readonly changeApp: ChangeApp,
    private readonly uninstallApp: UninstallApp,
    private readonly retryAppRun: RetryAppRun,
    private readonly readCredentials: ReadAdminCredentials,
  ) {}

  @RpcHandler('cluster.app_catalog.list')
  @Authorized('apps.read')
  async catalog(
    @Payload() req: RequestData<'cluster.app_catalog.list'>,
  ): Promise<ReplyInit<'cluster.app_catalog.list'>> {
    await this.clusters.get(req.orgId, req.clusterId);
    return {
      entries: catalogEntries().map((e) => ({
        id: e.id,
        name: e.name,
        description: e.description,
        chart: e.chart,
        chartVersion: e.chartVersion,
        appVersion: e.appVersion,
        settingsSchemaJson: JSON.stringify(e.settingsSchema),
        docsUrl: e.docsUrl,
      })),
    };
  }

  @RpcHandler('cluster.app.install')
  @Authorized('apps.manage')
  async install(
    @Payload() req: RequestData<'cluster.app.install'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.app.install'>> {
    const appId = await this.installApp.execute(caller, req.orgId, req.clusterId, {
      catalogId: req.catalogId,
      settingsJson: req.settingsJson,
      chartVersion: req.chartVersion,
      sandboxFailAt: req.sandboxFailAt,
    });
    return appView(await this.queries.get(req.orgId, req.clusterId, appId));
  }

  @RpcHandler('cluster.app.list')
  @Authorized('apps.read')
  async list(
    @Payload() req: RequestData<'cluster.app.list'>,
  ): Promise<ReplyInit<'cluster.app.list'>> {
    return { apps: (await this.queries.list(req.orgId, req.clusterId)).map(appView) };
  }

  @RpcHandler('cluster.app.get')
  @Authorized('apps.read')
  async get(@Payload() req: RequestData<'cluster.app.get'>): Promise<ReplyInit<'cluster.app.get'>> {
    return appView(await this.queries.get(req.orgId, req.clusterId, req.appId));
  }

  @RpcHandler('cluster.app.change')
  @Authorized('apps.manage')
  async change(
    @Payload() req: RequestData<'cluster.app.change'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.app.change'>> {
    await this.changeApp.execute(caller, req.orgId, req.clusterId, req.appId, {
      settingsJson: req.settingsJson,
      chartVersion: req.chartVersion,
      sandboxFailAt: req.sandboxFailAt,
    });
    return appView(await this.queries.get(req.orgId, req.clusterId, req.appId));
  }

  @RpcHandler('cluster.app.uninstall')
  @Authorized('apps.manage')
  async uninstall(
    @Payload() req: RequestData<'cluster.app.uninstall'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.app.uninstall'>> {
    await this.uninstallApp.execute(caller, req.orgId, req.clusterId, req.appId);
    return appView(await this.queries.get(req.orgId, req.clusterId, req.appId));
  }

  @RpcHandler('cluster.app_run.list')
  @Authorized('apps.read')
  async runs(
    @Payload() req: RequestData<'cluster.app_run.list'>,
  ): Promise<ReplyInit<'cluster.app_run.list'>> {
    return {
      runs: (await this.queries.runs(req.orgId, req.clusterId, req.appId)).map(appRunView),
    };
  }

  @RpcHandler('cluster.app_run.retry')
  @Authorized('apps.manage')
  async retry(
    @Payload() req: RequestData<'cluster.app_run.retry'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.app_run.retry'>> {
    return appRunView(await this.retryAppRun.execute(caller, req.orgId, req.clusterId, req.appId));
  }

  @RpcHandler('cluster.app_run.logs')
  @Authorized('apps.read')
  async logs(
    @Payload() req: RequestData<'cluster.app_run.logs'>,
  ): Promise<ReplyInit<'cluster.app_run.logs'>> {
    const page = await this.queries.logs(
      req.orgId,
      req.clusterId,
      req.appId,
      req.runId,
      Number(req.after),
    );
    return {
      chunks: page.chunks.map((c) => ({ offset: c.offset, text: c.text })),
      nextOffset: BigInt(page.nextOffset),
      complete: page.complete,
    };
  }

  @RpcHandler('cluster.app_credentials.read')
  @Authorized('apps.credentials')
  async credentials(
    @Payload() req: RequestData<'cluster.app_credentials.read'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.app_credentials.read'>> {
    return this.readCredentials.execute(caller, req.orgId, req.clusterId, req.appId);
  }
}
