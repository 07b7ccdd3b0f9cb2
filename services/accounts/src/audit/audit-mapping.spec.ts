import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { KubeconfigIssuedSchema, Role } from '@strata/proto';
import { auditDraftOf, genericDraft } from './audit-mapping';

const ORG = '7d5b8f0e-1c7a-4a51-9a53-0d7f1f6c2a10';
const USER = '0e4f9d8a-6b1c-4f3e-8a2d-5c7b9e1f3a24';
const CLUSTER = 'b3c1d2e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e';

describe('audit entries from events', () => {
  it('keeps an invitation without its accept link (it carries the token)', () => {
    const draft = auditDraftOf({
      subject: 'evt.accounts.invitation.created',
      known: true,
      data: {
        invitationId: CLUSTER,
        orgId: ORG,
        orgName: 'Team',
        email: 'bob@example.com',
        inviter: 'ada',
        role: Role.ADMIN,
        acceptUrl: 'http://localhost/invitations/accept?token=secret-token',
        expiresInHours: 72,
        invitedBy: USER,
      },
    });
    expect(draft).toEqual({
      orgId: ORG,
      actorUserId: USER,
      action: 'invitation.created',
      resource: { type: 'invitation', id: CLUSTER, name: 'bob@example.com' },
      details: { email: 'bob@example.com', role: 'admin' },
    });
    expect(JSON.stringify(draft)).not.toContain('secret-token');
  });

  it('attributes a sign-in to no organization of its own (the memberships decide)', () => {
    const draft = auditDraftOf({
      subject: 'evt.auth.session.created',
      known: true,
      data: { userId: USER, sessionId: CLUSTER, ip: '192.0.2.1', userAgent: 'curl' },
    });
    expect(draft?.orgId).toBeUndefined();
    expect(draft).toMatchObject({ actorUserId: USER, action: 'auth.signed_in' });
  });

  it('skips what is deliberately not audited', () => {
    expect(
      auditDraftOf({
        subject: 'evt.accounts.username.changed',
        known: true,
        data: { userId: USER, username: 'ada' },
      }),
    ).toBeUndefined();
    expect(
      auditDraftOf({
        subject: 'evt.cluster.cluster.state_changed',
        known: true,
        data: { orgId: ORG, clusterId: CLUSTER, from: 'PENDING', to: 'PROVISIONING' },
      }),
    ).toBeUndefined();
  });

  it('keeps a kubeconfig download as the cluster, by its downloader, with when it expires', () => {
    const expiresAt = new Date('2026-12-02T07:15:00.000Z');
    const draft = auditDraftOf({
      subject: 'evt.cluster.kubeconfig.issued',
      known: true,
      data: create(KubeconfigIssuedSchema, {
        orgId: ORG,
        clusterId: CLUSTER,
        clusterName: 'lake-e2e',
        actorUserId: USER,
        expiresAt: timestampFromDate(expiresAt),
      }),
    });
    expect(draft).toEqual({
      orgId: ORG,
      actorUserId: USER,
      action: 'cluster.kubeconfig.downloaded',
      resource: { type: 'cluster', id: CLUSTER, name: 'lake-e2e' },
      details: { expiresAt: '2026-12-02T07:15:00.000Z' },
    });
  });

  describe('apps (installs, runs, uninstalls, admin-password reads)', () => {
    const APP = '4a2c6e8f-0b1d-4f3a-9c5e-7d9f1b3a5c7e';
    const RUN = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
    const app = {
      orgId: ORG,
      clusterId: CLUSTER,
      appId: APP,
      catalogId: 'jupyterhub',
      appName: 'JupyterHub',
      clusterName: 'tools-e2e',
    };
    const place = { clusterId: CLUSTER, clusterName: 'tools-e2e', catalogId: 'jupyterhub' };
    const run = { ...app, runId: RUN, action: 'install', state: 'RUNNING', reason: '' };

    it('keeps who asked for an install and an uninstall, and that the app went', () => {
      const state = (from: string, to: string, actorUserId = USER) =>
        auditDraftOf({
          subject: 'evt.cluster.app.state_changed',
          known: true,
          data: { ...app, from, to, runId: RUN, reason: '', actorUserId },
        });
      expect(state('', 'INSTALLING')).toEqual({
        orgId: ORG,
        actorUserId: USER,
        action: 'app.created',
        resource: { type: 'app', id: APP, name: 'JupyterHub' },
        details: { ...place, runId: RUN },
      });
      expect(state('RUNNING', 'UNINSTALLING')).toMatchObject({
        actorUserId: USER,
        action: 'app.deletion_requested',
      });
      expect(state('UNINSTALLING', 'UNINSTALLED', '')).toMatchObject({
        actorUserId: undefined,
        action: 'app.deleted',
      });
      expect(state('INSTALLING', 'RUNNING', '')).toBeUndefined();
    });

    it('keeps a run started by its requester, its end by no one, with the run in the details', () => {
      expect(
        auditDraftOf({
          subject: 'evt.cluster.app.run_started',
          known: true,
          data: { ...run, actorUserId: USER },
        }),
      ).toEqual({
        orgId: ORG,
        actorUserId: USER,
        action: 'app.run.started',
        resource: { type: 'app', id: APP, name: 'JupyterHub' },
        details: { ...place, runId: RUN, runAction: 'install' },
      });
      expect(
        auditDraftOf({
          subject: 'evt.cluster.app.run_failed',
          known: true,
          data: { ...run, state: 'FAILED', reason: 'helm: timed out', actorUserId: USER },
        }),
      ).toMatchObject({
        actorUserId: undefined,
        action: 'app.run.failed',
        details: { runAction: 'install', reason: 'helm: timed out' },
      });
    });

    it('keeps an admin-password read by its reader, never the password', () => {
      expect(
        auditDraftOf({
          subject: 'evt.cluster.app.credentials_read',
          known: true,
          data: { ...app, userId: USER },
        }),
      ).toEqual({
        orgId: ORG,
        actorUserId: USER,
        action: 'app.admin_credentials.read',
        resource: { type: 'app', id: APP, name: 'JupyterHub' },
        details: place,
      });
    });
  });

  it('keeps a subject it has no mapping for with a generic action and no secret field', () => {
    const draft = auditDraftOf({
      subject: 'evt.cluster.widget.frobbed',
      known: false,
      data: {
        org_id: ORG,
        cluster_id: CLUSTER,
        cluster_name: 'lake-e2e',
        actor_user_id: USER,
        purpose: 'download',
        kubeconfig: 'apiVersion: v1 … token: abc',
        expires_in_seconds: 900,
      },
    });
    expect(draft).toEqual({
      orgId: ORG,
      actorUserId: USER,
      action: 'cluster.widget.frobbed',
      resource: { type: 'widget', id: CLUSTER, name: undefined },
      details: {
        cluster_id: CLUSTER,
        cluster_name: 'lake-e2e',
        actor_user_id: USER,
        purpose: 'download',
        expires_in_seconds: 900,
      },
    });
  });

  it('drops a generic event that names no organization', () => {
    expect(genericDraft('evt.cluster.thing.happened', { cluster_id: CLUSTER })).toBeUndefined();
  });
});
