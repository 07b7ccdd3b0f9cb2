import { OutgoingEmail } from './mailer';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A notification sent by email: its title as the subject, its body, and a link to the app. */
export function notificationEmail(
  to: string,
  title: string,
  body: string,
  appUrl: string,
): OutgoingEmail {
  return {
    to,
    subject: `Strata: ${title}`,
    link: appUrl,
    text: [
      body,
      '',
      `Open Strata: ${appUrl}`,
      '',
      'You can choose which notifications are emailed to you in your notification settings.',
    ].join('\n'),
    html: `<p>${escape(body)}</p>
<p><a href="${escape(appUrl)}">Open Strata</a></p>
<p>You can choose which notifications are emailed to you in your notification settings.</p>`,
  };
}
