import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, ReadinessChecks } from './readiness-checks';

export interface HealthModuleOptions {
  inject?: unknown[];
  useFactory: (...deps: never[]) => ReadinessChecks;
}

/** Liveness and readiness probes (@nestjs/terminus) for any service. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          inject: options.inject as never[],
          useFactory: options.useFactory,
        },
      ],
    };
  }
}
