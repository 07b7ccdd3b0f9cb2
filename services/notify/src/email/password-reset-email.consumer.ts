import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EmailDeliveries } from './email-deliveries';
import { passwordResetEmail } from './password-reset-email';

/** Sends the password-reset email for each `evt.auth.password.reset_requested`. */
@Injectable()
export class PasswordResetEmailConsumer implements OnApplicationBootstrap {
  constructor(private readonly deliveries: EmailDeliveries) {}

  onApplicationBootstrap(): Promise<void> {
    return this.deliveries.mailOnEvent({
      durable: 'notify-password-reset-email',
      subject: 'evt.auth.password.reset_requested',
      kind: 'password_reset',
      email: (data) => passwordResetEmail(data.email, data.resetUrl, data.expiresInMinutes),
      userIdOf: (data) => data.userId,
    });
  }
}
