import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Stand-in for the SMTP relay the notify service sends through: a real SMTP
 * server (smtp-server) on 127.0.0.1, no auth, no TLS, that parses every mail
 * (mailparser) and keeps it in memory for the test to inspect.
 */

export interface CaughtMail {
  /** Recipient addresses from the To header (the SMTP envelope when there is none). */
  to: string[];
  /** Sender address from the From header (the envelope MAIL FROM when there is none). */
  from: string;
  subject: string;
  text: string;
  html: string;
  /** What the client said in MAIL FROM / RCPT TO. */
  envelope: { from: string; to: string[] };
  headers: Map<string, unknown>;
  receivedAt: Date;
}

export interface MailCatcher {
  /** smtp://127.0.0.1:<port> — give it to a service as SMTP_URL. */
  url: string;
  port: number;
  /** Every mail received so far, oldest first. */
  readonly mails: CaughtMail[];
  /** The first mail (received already or later) matching `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate?: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  /** Forgets the mails received so far. */
  clear(): void;
  stop(): Promise<void>;
}

interface Waiter {
  predicate: (mail: CaughtMail) => boolean;
  resolve: (mail: CaughtMail) => void;
}

function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((o) =>
    o.value.map((v) => v.address).filter((a): a is string => Boolean(a)),
  );
}

function toCaughtMail(parsed: ParsedMail, envelope: CaughtMail['envelope']): CaughtMail {
  const to = addresses(parsed.to);
  return {
    to: to.length ? to : envelope.to,
    from: addresses(parsed.from)[0] ?? envelope.from,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    envelope,
    headers: parsed.headers,
    receivedAt: new Date(),
  };
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const waiters = new Set<Waiter>();

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    banner: 'strata mail catcher (test stand-in)',
    onData(stream, session, callback) {
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
      };
      simpleParser(stream)
        .then((parsed) => {
          const mail = toCaughtMail(parsed, envelope);
          mails.push(mail);
          for (const waiter of waiters) {
            if (waiter.predicate(mail)) {
              waiters.delete(waiter);
              waiter.resolve(mail);
            }
          }
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  // Connection-level errors (a client hanging up) must not crash the test process.
  server.on('error', () => undefined);

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    get mails() {
      return mails;
    },
    waitFor(predicate = () => true, timeoutMs = 10_000) {
      const found = mails.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`no matching mail within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      mails.length = 0;
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
