import { DynamicModule, Module } from '@nestjs/common';
import { platformModules } from '@strata/service';
import { NOTIFY_CONFIG, NotifyConfig } from './config';
import { NOTIFY_SCHEMA, PrismaService } from './database/prisma.service';
import { EmailDeliveries } from './email/email-deliveries';
import { InvitationEmailConsumer } from './email/invitation-email.consumer';
import { Mailer } from './email/mailer';
import { PasswordResetEmailConsumer } from './email/password-reset-email.consumer';
import { VerificationEmailConsumer } from './email/verification-email.consumer';
import { EventNotificationsConsumer } from './notifications/event-notifications.consumer';
import { FirstSessions } from './notifications/first-sessions';
import { NotificationWriter } from './notifications/notification-writer';
import { NotificationsHandlers } from './notifications/notifications.handlers';
import { NotificationsService } from './notifications/notifications.service';
import { NotificationsRepository } from './notifications/notifications.repository';
import { Recipients } from './notifications/recipients';
import { PushRelay } from './pushes/push-relay';
import { UserStreams } from './pushes/user-streams';
import { UserDataEraser } from './users/user-data-eraser';

@Module({})
export class AppModule {
  static forRoot(config: NotifyConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ...platformModules({
          service: 'notify',
          config,
          database: { schema: NOTIFY_SCHEMA, url: config.DATABASE_URL, client: PrismaService },
        }),
      ],
      controllers: [NotificationsHandlers],
      providers: [
        { provide: NOTIFY_CONFIG, useValue: config },
        PrismaService,
        Mailer,
        EmailDeliveries,
        VerificationEmailConsumer,
        InvitationEmailConsumer,
        PasswordResetEmailConsumer,
        UserDataEraser,
        UserStreams,
        PushRelay,
        Recipients,
        NotificationWriter,
        FirstSessions,
        NotificationsService,
        NotificationsRepository,
        EventNotificationsConsumer,
      ],
      exports: [PrismaService],
    };
  }
}
