import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { NOTIFY_CONFIG, NotifyConfig } from '../config';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one link of the mail, logged in local mode when there is no SMTP server. */
  link?: string;
}

/** Sends mail over SMTP (nodemailer); without SMTP_URL (local mode) it logs the link instead. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport?: Transporter;

  constructor(@Inject(NOTIFY_CONFIG) private readonly config: NotifyConfig) {
    if (config.SMTP_URL) this.transport = nodemailer.createTransport(config.SMTP_URL);
  }

  async send(email: OutgoingEmail): Promise<void> {
    if (!this.transport) {
      if (this.config.NODE_ENV === 'production') throw new Error('SMTP_URL is not set');
      // Local mode only: the developer reads the link from the console.
      this.logger.log(
        `[local mode, no SMTP] mail to ${email.to}: "${email.subject}" ${email.link ?? ''}`,
      );
      return;
    }
    await this.transport.sendMail({ from: this.config.MAIL_FROM, ...email });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
