import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@strata/health';
import { LoggingModule } from '@strata/logging';
import { EventBus, MessagingModule } from '@strata/messaging';
import { NOTIFY_CONFIG, NotifyConfig } from './config';
import { NOTIFY_SCHEMA, PrismaService } from './database/prisma.service';
import { EmailDeliveries } from './email/email-deliveries';
import { InvitationEmailConsumer } from './email/invitation-email.consumer';
import { Mailer } from './email/mailer';
import { VerificationEmailConsumer } from './email/verification-email.consumer';

@Module({})
export class AppModule {
  static forRoot(config: NotifyConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot('notify', config.LOG_LEVEL),
        MessagingModule.forRoot({
          service: 'notify',
          natsUrl: config.NATS_URL,
          outbox: { schema: NOTIFY_SCHEMA, databaseUrl: config.DATABASE_URL },
        }),
        HealthModule.forRoot({
          inject: [PrismaService, EventBus],
          useFactory: (prisma: PrismaService, bus: EventBus) => ({
            database: () => prisma.$queryRaw`SELECT 1`,
            nats: () => bus.nats.flush(),
          }),
        }),
      ],
      providers: [
        { provide: NOTIFY_CONFIG, useValue: config },
        PrismaService,
        Mailer,
        EmailDeliveries,
        VerificationEmailConsumer,
        InvitationEmailConsumer,
      ],
      exports: [PrismaService],
    };
  }
}
