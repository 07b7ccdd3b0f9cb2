import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EmailDeliveries } from './email-deliveries';
import { verificationEmail } from './verification-email';

/** Sends the verification email for each `evt.auth.email.verification_requested`. */
@Injectable()
export class VerificationEmailConsumer implements OnApplicationBootstrap {
  constructor(private readonly deliveries: EmailDeliveries) {}

  onApplicationBootstrap(): Promise<void> {
    return this.deliveries.mailOnEvent({
      durable: 'notify-verification-email',
      subject: 'evt.auth.email.verification_requested',
      kind: 'email_verification',
      email: (data) => verificationEmail(data.email, data.verificationUrl),
      userIdOf: (data) => data.userId,
    });
  }
}
