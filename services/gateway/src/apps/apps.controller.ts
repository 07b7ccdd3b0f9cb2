import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { uuidParam } from '../cloud-accounts/cloud-accounts.controller';
import { ZodBody } from '../http/zod-body.pipe';
import { changeAppBody, ChangeAppBody, installAppBody, InstallAppBody } from './apps.dto';
import { appJson, appRunJson } from './apps.json';
import { app, appRun, appRuns, apps, catalog, credentials } from './apps.schemas';
import { logPage } from '../openapi/schema-kit';
import { logOffset, logOffsetQuery, logPageJson } from '../http/log-offset';
import { Api } from '../openapi/api.decorator';

/**
 * The data tools of a cluster (issue 11): the catalog, installs, changes, uninstalls, retries,
 * runs and their logs, and the admin credentials (owners and admins; each read is audited).
 */
@ApiTags('apps')
@Controller('api/v1/orgs/:orgId/clusters/:clusterId')
@UseGuards(AccessTokenGuard)
export class AppsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('app-catalog')
  @Api({
    summary: 'The installable apps, each with its settings JSON Schema',
    status: 200,
    ok: catalog,
    errors: ['platform.forbidden', 'platform.not_found', 'cluster.not_found'],
  })
  async catalog(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
  ) {
    const reply = await this.rpc.request(
      'cluster.app_catalog.list',
      { orgId, clusterId },
      { accessToken: principal.accessToken },
    );
    return {
      items: reply.entries.map((e) => ({
        id: e.id,
        name: e.name,
        description: e.description,
        chart: e.chart,
        chartVersion: e.chartVersion,
        appVersion: e.appVersion,
        settingsSchema: JSON.parse(e.settingsSchemaJson) as Record<string, unknown>,
        docsUrl: e.docsUrl,
      })),
    };
  }

  @Post('apps')
  @HttpCode(201)
  @Api({
    summary: 'Install an app on a READY cluster (an install run: INSTALLING)',
    status: 201,
    body: installAppBody,
    ok: app,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.not_ready',
      'cluster.app_validation_failed',
      'cluster.app_exists',
      'cluster.app_busy',
      'cluster.run_in_progress',
    ],
  })
  async install(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
    @Body(new ZodBody(installAppBody)) body: InstallAppBody,
  ) {
    return appJson(
      await this.rpc.request(
        'cluster.app.install',
        {
          orgId,
          clusterId,
          catalogId: body.catalogId,
          settingsJson: body.settings ? JSON.stringify(body.settings) : '',
          chartVersion: body.chartVersion ?? '',
          sandboxFailAt: body.sandboxFailAt ?? '',
        },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Get('apps')
  @Api({
    summary: "The cluster's apps, newest first (UNINSTALLED ones too)",
    status: 200,
    ok: apps,
    errors: ['platform.forbidden', 'platform.not_found', 'cluster.not_found'],
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
  ) {
    const reply = await this.rpc.request(
      'cluster.app.list',
      { orgId, clusterId },
      { accessToken: principal.accessToken },
    );
    return { items: reply.apps.map(appJson) };
  }

  @Get('apps/:appId')
  @Api({
    summary: 'One app with its state, progress and URLs',
    status: 200,
    ok: app,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.app_not_found',
    ],
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
    @Param('appId', uuidParam('app')) appId: string,
  ) {
    return appJson(
      await this.rpc.request(
        'cluster.app.get',
        { orgId, clusterId, appId },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Patch('apps/:appId')
  @HttpCode(202)
  @Api({
    summary: 'Change settings and/or chart version (an upgrade run: UPGRADING)',
    status: 202,
    body: changeAppBody,
    ok: app,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.app_not_found',
      'cluster.not_ready',
      'cluster.app_validation_failed',
      'cluster.app_busy',
      'cluster.app_invalid_state',
      'cluster.app_run_in_progress',
      'cluster.run_in_progress',
      'cluster.nothing_to_change',
    ],
  })
  async change(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
    @Param('appId', uuidParam('app')) appId: string,
    @Body(new ZodBody(changeAppBody)) body: ChangeAppBody,
  ) {
    return appJson(
      await this.rpc.request(
        'cluster.app.change',
        {
          orgId,
          clusterId,
          appId,
          ...(body.settings ? { settingsJson: JSON.stringify(body.settings) } : {}),
          ...(body.chartVersion ? { chartVersion: body.chartVersion } : {}),
          sandboxFailAt: body.sandboxFailAt ?? '',
        },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Delete('apps/:appId')
  @HttpCode(202)
  @Api({
    summary: 'Uninstall an app (an uninstall run: UNINSTALLING)',
    status: 202,
    ok: app,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.app_not_found',
      'cluster.app_busy',
      'cluster.app_invalid_state',
      'cluster.app_run_in_progress',
    ],
  })
  async uninstall(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
    @Param('appId', uuidParam('app')) appId: string,
  ) {
    return appJson(
      await this.rpc.request(
        'cluster.app.uninstall',
        { orgId, clusterId, appId },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Post('apps/:appId/runs/retry')
  @HttpCode(201)
  @Api({
    summary: 'Retry the failed run of a FAILED app (a new run of its action)',
    status: 201,
    ok: appRun,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.app_not_found',
      'cluster.app_nothing_to_retry',
      'cluster.not_ready',
      'cluster.app_busy',
      'cluster.app_run_in_progress',
      'cluster.run_in_progress',
    ],
  })
  async retry(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
    @Param('appId', uuidParam('app')) appId: string,
  ) {
    return appRunJson(
      await this.rpc.request(
        'cluster.app_run.retry',
        { orgId, clusterId, appId },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Get('apps/:appId/runs')
  @Api({
    summary: 'Run history of an app, newest first',
    status: 200,
    ok: appRuns,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.app_not_found',
    ],
  })
  async runs(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
    @Param('appId', uuidParam('app')) appId: string,
  ) {
    const reply = await this.rpc.request(
      'cluster.app_run.list',
      { orgId, clusterId, appId },
      { accessToken: principal.accessToken },
    );
    return { items: reply.runs.map(appRunJson) };
  }

  @Get('apps/:appId/runs/:runId/logs')
  @Api({
    summary: "An app run's log from a byte offset (?after=<nextOffset>)",
    query: logOffsetQuery,
    status: 200,
    ok: logPage,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.app_not_found',
      'cluster.app_run_not_found',
      'gateway.invalid_offset',
    ],
  })
  async logs(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
    @Param('appId', uuidParam('app')) appId: string,
    @Param('runId', uuidParam('run')) runId: string,
    @Query('after') after?: string,
  ) {
    const reply = await this.rpc.request(
      'cluster.app_run.logs',
      { orgId, clusterId, appId, runId, after: logOffset(after) },
      { accessToken: principal.accessToken },
    );
    return logPageJson(reply);
  }

  @Get('apps/:appId/admin-credentials')
  @Api({
    summary:
      "An installed app's admin username and password (owners and admins; every read notifies the owners)",
    status: 200,
    ok: credentials,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.app_not_found',
      'cluster.app_not_installed',
    ],
  })
  async credentials(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('clusterId', uuidParam('cluster')) clusterId: string,
    @Param('appId', uuidParam('app')) appId: string,
  ) {
    const reply = await this.rpc.request(
      'cluster.app_credentials.read',
      { orgId, clusterId, appId },
      { accessToken: principal.accessToken },
    );
    return { username: reply.username, password: reply.password };
  }
}
