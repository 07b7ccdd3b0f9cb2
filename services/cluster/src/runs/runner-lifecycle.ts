import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { JOB_RUNNER, type JobRunner } from '../runner/job-runner';
import { RunsRepository } from './runs.repository';
import { RunsService } from './runs.service';

/** Starts the runner with the service and reconciles every unfinished run with what it sees. */
@Injectable()
export class RunnerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunnerLifecycle.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly sink: RunsService,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.begin(this.sink);
    const unfinished = await this.runs.unfinished();
    await this.runner.reconcile(unfinished.map((r) => ({ runId: r.id, jobName: r.jobName })));
    this.logger.log(
      { runner: this.runner.kind, unfinished: unfinished.length },
      'runner started and unfinished runs reconciled',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
