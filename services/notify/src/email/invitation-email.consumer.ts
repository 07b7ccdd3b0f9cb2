import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus, EventData } from '@strata/messaging';
import { Role } from '@strata/proto';
import { NOTIFY_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
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
  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly deliveries: EmailDeliveries,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consumers<Tx>(this.prisma, NOTIFY_SCHEMA).start({
      durable: 'notify-invitation-email',
      subject: 'evt.accounts.invitation.created',
      handle: (event, tx) =>
        this.deliveries.record(tx, event.id, 'organization_invitation', emailFor(event.data)),
      afterCommit: (event) => this.deliveries.deliver(event.id, emailFor(event.data)),
    });
  }
}
