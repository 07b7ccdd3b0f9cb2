import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { JOB_RUNNER, type JobRunner } from '../runner/job-runner';
import { RunsService } from './runs.service';

/** Starts the runner with the service and reconciles every unfinished run with what it sees. */
@Injectable()
export class RunnerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunnerLifecycle.name);

  constructor(
    private readonly sink: RunsService,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.begin(this.sink);
    // Cluster runs and every registered kind's (app runs).
    const unfinished = await this.sink.unfinished();
    await this.runner.reconcile(unfinished);
    this.logger.log(
      { runner: this.runner.kind, unfinished: unfinished.length },
      'runner started and unfinished runs reconciled',
    );
  }

  /** Before the run transitions' pool closes (its onApplicationShutdown): no observation after it. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
