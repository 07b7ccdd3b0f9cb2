import { OutgoingEmail } from './mailer';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface InvitationDetails {
  email: string;
  orgName: string;
  inviter: string;
  role: string;
  acceptUrl: string;
  expiresInHours: number;
}

/** The "you are invited to an organization" message. */
export function invitationEmail(invitation: InvitationDetails): OutgoingEmail {
  const { orgName, inviter, role, acceptUrl, expiresInHours } = invitation;
  const expiry = `The link works once and expires in ${expiresInHours} hours.`;
  return {
    to: invitation.email,
    subject: `${inviter} invited you to ${orgName} on Strata`,
    link: acceptUrl,
    text: [
      `${inviter} invited you to join the organization "${orgName}" on Strata as ${role}.`,
      '',
      'Accept the invitation by opening this link (sign in or sign up with this email address):',
      acceptUrl,
      '',
      `${expiry} If you do not expect this invitation, ignore this email.`,
    ].join('\n'),
    html: `<p>${escape(inviter)} invited you to join the organization <strong>${escape(orgName)}</strong> on Strata as ${escape(role)}.</p>
<p><a href="${escape(acceptUrl)}">Accept the invitation</a> (sign in or sign up with this email address).</p>
<p>${escape(expiry)} If you do not expect this invitation, ignore this email.</p>`,
  };
}
