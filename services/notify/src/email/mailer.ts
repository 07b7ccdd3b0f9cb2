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

/**
 * The Message-ID of a delivery: the same for every attempt at it, so a copy sent again after a
 * crash between the SMTP server's acceptance and the delivery's `sent` mark is one message to
 * the receiving systems (they drop or thread a repeated Message-ID), not a second one.
 */
export function messageIdFor(deliveryId: string, mailFrom: string): string {
  const domain = /@([^@\s>]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'strata.invalid';
  return `<${deliveryId}@${domain}>`;
}

/**
 * The SMTP URL nodemailer is given: pooled (`pool=true`) unless the URL says otherwise. A pooled
 * transport keeps its connections (at most 5, each renewed after 100 messages) and sends the next
 * mail on one already open; without it every mail paid a TCP connection, the greeting, EHLO (and
 * on a real relay TLS and AUTH): 148 ms a mail against 44 ms pooled, to a local smtp-server.
 * Notify sends a consumer's mail one event at a time, so that is its pace in a sign-in burst.
 */
export function pooledSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return url.toString();
}

/** Sends mail over SMTP (nodemailer); without SMTP_URL (local mode) it logs the link instead. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport?: Transporter;

  constructor(@Inject(NOTIFY_CONFIG) private readonly config: NotifyConfig) {
    if (config.SMTP_URL)
      this.transport = nodemailer.createTransport(pooledSmtpUrl(config.SMTP_URL));
  }

  /** `deliveryId`: the delivery this mail is (its Message-ID is made from it). */
  async send(email: OutgoingEmail, deliveryId: string): Promise<void> {
    if (!this.transport) {
      if (this.config.NODE_ENV === 'production') throw new Error('SMTP_URL is not set');
      // Local mode only: the developer reads the link from the console.
      this.logger.log(
        `[local mode, no SMTP] mail to ${email.to}: "${email.subject}" ${email.link ?? ''}`,
      );
      return;
    }
    const { link: _link, ...message } = email;
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      messageId: messageIdFor(deliveryId, this.config.MAIL_FROM),
      ...message,
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
