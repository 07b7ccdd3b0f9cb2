import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventData } from '@strata/messaging';
import { Role } from '@strata/proto';
import { EmailDeliveries } from './email-deliveries';
import { invitationEmail } from './invitation-email';

const ROLE_NAMES: Record<Role, string> = {
  [Role.UNSPECIFIED]: 'member',
  [Role.OWNER]: 'owner',
  [Role.ADMIN]: 'admin',
  [Role.MEMBER]: 'member',
  [Role.VIEWER]: 'viewer',
};

const emailFor = (data: EventData<'evt.accounts.invitation.created'>) =>
  invitationEmail({
    email: data.email,
    orgName: data.orgName,
    inviter: data.inviter,
    role: ROLE_NAMES[data.role],
    acceptUrl: data.acceptUrl,
    expiresInHours: data.expiresInHours,
  });

/** Sends the invitation email for each `evt.accounts.invitation.created`. */
@Injectable()
export class InvitationEmailConsumer implements OnApplicationBootstrap {
  constructor(private readonly deliveries: EmailDeliveries) {}

  onApplicationBootstrap(): Promise<void> {
    return this.deliveries.mailOnEvent({
      durable: 'notify-invitation-email',
      subject: 'evt.accounts.invitation.created',
      kind: 'organization_invitation',
      email: emailFor,
    });
  }
}
