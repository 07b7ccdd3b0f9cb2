import { OutgoingEmail } from './mailer';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The "reset your password" message; the link carries the single-use token. */
export function passwordResetEmail(to: string, url: string, minutes: number): OutgoingEmail {
  const validity = `The link works once and expires in ${minutes} minutes.`;
  const notYou = 'If you did not ask for this, ignore this email: your password stays as it is.';
  return {
    to,
    subject: 'Reset your Strata password',
    link: url,
    text: [
      'Someone (hopefully you) asked to reset the password of your Strata account.',
      '',
      'Choose a new password by opening this link:',
      url,
      '',
      `${validity} Setting a new password signs you out everywhere.`,
      notYou,
    ].join('\n'),
    html: `<p>Someone (hopefully you) asked to reset the password of your Strata account.</p>
<p><a href="${escape(url)}">Choose a new password</a></p>
<p>${validity} Setting a new password signs you out everywhere.</p>
<p>${notYou}</p>`,
  };
}
