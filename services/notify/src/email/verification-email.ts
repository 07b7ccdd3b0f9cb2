import { OutgoingEmail } from './mailer';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The "confirm your email" message. */
export function verificationEmail(to: string, url: string): OutgoingEmail {
  return {
    to,
    subject: 'Confirm your email address for Strata',
    link: url,
    text: [
      'Welcome to Strata.',
      '',
      'Confirm your email address by opening this link:',
      url,
      '',
      'The link works once and expires in 24 hours. If you did not sign up, ignore this email.',
    ].join('\n'),
    html: `<p>Welcome to Strata.</p>
<p><a href="${escape(url)}">Confirm your email address</a></p>
<p>The link works once and expires in 24 hours. If you did not sign up, ignore this email.</p>`,
  };
}
