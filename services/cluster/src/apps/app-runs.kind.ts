import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import type { Prisma } from '../generated/prisma/client';
import type { ApplyContext, ApplyOutcome, RunKind, RunLogStore } from '../runs/run-kind';
import { drainsLogFirst, isTerminal, runRowChange, type Observation } from '../runs/run-transition';
import { RunsService } from '../runs/runs.service';
import { APP_RUN_END_SUBJECT, appRunEvent, appStateChanged } from './app-events';
import { observeAppRun } from './app-state';
import { AppsRepository } from './apps.repository';

/** What a successful install or upgrade reports (outputs of the Job contract, CONTRACTS.md). */
export function appOutputs(outputs: Record<string, unknown> | undefined) {
  const text = (key: string) =>
    typeof outputs?.[key] === 'string' && outputs[key] !== ''
      ? (outputs[key] as string)
      : undefined;
  const url = text('url');
  const urls = (text('urls') ?? url ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '')
    .slice(0, 16);
  return { url, urls, appVersion: text('appVersion'), chartVersion: text('chartVersion') };
}

/**
 * App runs as a kind of run of the one runner: RunsService serialises and retries their
 * observations and stores their logs through this; the transition (app run and app, with their
 * events in one transaction, compare-and-set on the run's state) is decided here.
 */
@Injectable()
export class AppRunsKind implements RunKind, OnModuleInit {
  readonly name = 'app';
  private readonly logger = new Logger(AppRunsKind.name);

  constructor(
    private readonly apps: AppsRepository,
    private readonly runs: RunsService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.runs.register(this);
  }

  get log(): RunLogStore {
    return this.apps.log;
  }

  async unfinished() {
    return (await this.apps.unfinished()).map((r) => ({ runId: r.id, jobName: r.jobName }));
  }

  async apply(
    runId: string,
    observation: Observation,
    context: ApplyContext,
  ): Promise<ApplyOutcome> {
    const run = await this.apps.findRun(runId);
    if (!run) return 'absent';
    const transition = observeAppRun({ action: run.action, state: run.state }, observation);
    if (!transition) return 'unchanged';
    let logTail: string | null = null;
    if (drainsLogFirst(transition.run, observation)) {
      await context.drainLog(runId);
      if (transition.run === 'FAILED') logTail = await this.log.tail(runId);
    }
    const raw = observation.kind === 'succeeded' ? observation.outputs : undefined;
    const outputs = raw ? (raw as Prisma.InputJsonValue) : undefined;
    const applied = await context.transaction(async (tx) => {
      const now = new Date();
      const moved = await this.apps.transition(
        tx,
        runId,
        run.state,
        runRowChange(transition, { logTail, outputs }, now),
      );
      if (!moved) return false;
      const reported = appOutputs(raw);
      const succeeded = transition.run === 'SUCCEEDED';
      const app = await this.apps.setState(tx, run.appId, transition.app, {
        failureReason: transition.app === 'FAILED' ? (transition.reason ?? null) : null,
        ...(succeeded && run.action !== 'uninstall'
          ? {
              url: reported.url ?? reported.urls[0] ?? null,
              urls: reported.urls,
              ...(reported.appVersion ? { appVersion: reported.appVersion } : {}),
              chartVersion: reported.chartVersion ?? run.chartVersion,
              installedAt: now,
            }
          : {}),
        ...(succeeded && run.action === 'uninstall' ? { url: null, urls: [] } : {}),
      });
      if (app.state !== transition.app)
        await this.bus.outbox!.add(
          tx,
          'evt.cluster.app.state_changed',
          appStateChanged(app, app.state, transition.app, runId, transition.reason),
        );
      if (transition.run === 'RUNNING' || (run.state === 'PENDING' && isTerminal(transition.run)))
        await this.bus.outbox!.add(
          tx,
          'evt.cluster.app.run_started',
          appRunEvent(app, run, 'RUNNING', '', run.requestedBy),
        );
      if (isTerminal(transition.run))
        await this.bus.outbox!.add(
          tx,
          APP_RUN_END_SUBJECT[transition.run as keyof typeof APP_RUN_END_SUBJECT],
          appRunEvent(app, run, transition.run, transition.reason),
        );
      return true;
    });
    if (!applied) return 'lost';
    this.logger.log(
      { runId, appId: run.appId, clusterId: run.clusterId, from: run.state, to: transition.run },
      'app run state changed',
    );
    return 'applied';
  }
}
