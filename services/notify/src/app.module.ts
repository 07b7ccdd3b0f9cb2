import { DynamicModule, Module } from '@nestjs/common';
import { AuthzModule } from '@strata/authz';
import { HealthModule } from '@strata/health';
import { LoggingModule } from '@strata/logging';
import { EventBus, MessagingModule } from '@strata/messaging';
import { NOTIFY_CONFIG, NotifyConfig } from './config';
import { NOTIFY_SCHEMA, PrismaService } from './database/prisma.service';
import { EmailDeliveries } from './email/email-deliveries';
import { InvitationEmailConsumer } from './email/invitation-email.consumer';
import { Mailer } from './email/mailer';
import { VerificationEmailConsumer } from './email/verification-email.consumer';
import { EventNotificationsConsumer } from './notifications/event-notifications.consumer';
import { NotificationWriter } from './notifications/notification-writer';
import { NotificationsHandlers } from './notifications/notifications.handlers';
import { NotificationsService } from './notifications/notifications.service';
import { Recipients } from './notifications/recipients';
import { PushRelay } from './pushes/push-relay';
import { UserStreams } from './pushes/user-streams';

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
        AuthzModule.forRoot({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE }),
      ],
      controllers: [NotificationsHandlers],
      providers: [
        { provide: NOTIFY_CONFIG, useValue: config },
        PrismaService,
        Mailer,
        EmailDeliveries,
        VerificationEmailConsumer,
        InvitationEmailConsumer,
        UserStreams,
        PushRelay,
        Recipients,
        NotificationWriter,
        NotificationsService,
        EventNotificationsConsumer,
      ],
      exports: [PrismaService],
    };
  }
}
