import type {
  DescMessage,
  MessageInitShape,
  MessageShape,
  MessageValidType,
} from '@bufbuild/protobuf';
import {
  UserRegisteredSchema,
  EmailVerificationRequestedSchema,
  EmailVerifiedSchema,
  PasswordChangedSchema,
  SessionCreatedSchema,
  SessionRevokedSchema,
  UserDisabledSchema,
} from './gen/strata/auth/v1/events_pb';
import {
  DeleteUserReplySchema,
  DeleteUserRequestSchema,
  UserDeletedSchema,
} from './gen/strata/auth/v1/account_deletion_pb';
import { GoogleSignInRequestSchema } from './gen/strata/auth/v1/google_pb';
import {
  GoogleReauthReplySchema,
  GoogleReauthRequestSchema,
} from './gen/strata/auth/v1/google_reauth_pb';
import { GetJwksRequestSchema, JwksSchema } from './gen/strata/auth/v1/jwks_pb';
import { ChangePasswordRequestSchema } from './gen/strata/auth/v1/password_pb';
import {
  PasswordResetRequestedSchema,
  RequestPasswordResetReplySchema,
  RequestPasswordResetRequestSchema,
  ResetPasswordReplySchema,
  ResetPasswordRequestSchema,
} from './gen/strata/auth/v1/password_reset_pb';
import {
  RegisterRequestSchema,
  RegisterReplySchema,
  VerifyEmailRequestSchema,
  VerifyEmailReplySchema,
  ResendVerificationRequestSchema,
  ResendVerificationReplySchema,
} from './gen/strata/auth/v1/registration_pb';
import {
  LoginRequestSchema,
  RefreshRequestSchema,
  TokenPairSchema,
  LogoutRequestSchema,
  LogoutReplySchema,
  ListSessionsRequestSchema,
  ListSessionsReplySchema,
  RevokeSessionRequestSchema,
  RevokeOtherSessionsRequestSchema,
  RevokeSessionsReplySchema,
  ReissueRequestSchema,
  AccessTokenSchema,
} from './gen/strata/auth/v1/session_pb';
import {
  GetUserRequestSchema,
  UserSchema,
  DisableUserRequestSchema,
  DisableUserReplySchema,
} from './gen/strata/auth/v1/user_pb';

import { contract, type RequestContract } from './contract';
import { accountsEvents, accountsRequests } from './accounts.subjects';
import { cloudEvents, cloudRequests } from './cloud.subjects';
import { clusterEvents, clusterRequests } from './cluster.subjects';
import { notifyEvents, notifyRequests } from './notify.subjects';

export type { RequestContract } from './contract';

/** Request/reply subjects (core NATS). Errors come back as strata.common.v1.ProblemDetails. */
export const requests = {
  'auth.user.register': contract(RegisterRequestSchema, RegisterReplySchema),
  'auth.user.get': contract(GetUserRequestSchema, UserSchema),
  'auth.email.verify': contract(VerifyEmailRequestSchema, VerifyEmailReplySchema),
  'auth.email.resend': contract(ResendVerificationRequestSchema, ResendVerificationReplySchema),
  'auth.session.login': contract(LoginRequestSchema, TokenPairSchema),
  'auth.session.refresh': contract(RefreshRequestSchema, TokenPairSchema),
  'auth.session.logout': contract(LogoutRequestSchema, LogoutReplySchema),
  'auth.session.list': contract(ListSessionsRequestSchema, ListSessionsReplySchema),
  'auth.session.revoke': contract(RevokeSessionRequestSchema, RevokeSessionsReplySchema),
  'auth.session.revoke_others': contract(
    RevokeOtherSessionsRequestSchema,
    RevokeSessionsReplySchema,
  ),
  'auth.password.change': contract(ChangePasswordRequestSchema, TokenPairSchema),
  'auth.google.signin': contract(GoogleSignInRequestSchema, TokenPairSchema),
  'auth.jwks.get': contract(GetJwksRequestSchema, JwksSchema),
  'auth.session.reissue': contract(ReissueRequestSchema, AccessTokenSchema),
  'auth.user.disable': contract(DisableUserRequestSchema, DisableUserReplySchema),
  'auth.password.reset_request': contract(
    RequestPasswordResetRequestSchema,
    RequestPasswordResetReplySchema,
  ),
  'auth.password.reset': contract(ResetPasswordRequestSchema, ResetPasswordReplySchema),
  'auth.user.delete': contract(DeleteUserRequestSchema, DeleteUserReplySchema),
  'auth.google.reauth': contract(GoogleReauthRequestSchema, GoogleReauthReplySchema),
  ...accountsRequests,
  ...cloudRequests,
  ...clusterRequests,
  ...notifyRequests,
} as const satisfies Record<string, RequestContract>;

/** Domain event subjects (JetStream stream EVENTS, `evt.<service>.<noun>.<past-verb>`). */
export const events = {
  'evt.auth.user.registered': UserRegisteredSchema,
  'evt.auth.email.verification_requested': EmailVerificationRequestedSchema,
  'evt.auth.email.verified': EmailVerifiedSchema,
  'evt.auth.password.changed': PasswordChangedSchema,
  'evt.auth.session.created': SessionCreatedSchema,
  'evt.auth.session.revoked': SessionRevokedSchema,
  'evt.auth.user.disabled': UserDisabledSchema,
  'evt.auth.password.reset_requested': PasswordResetRequestedSchema,
  'evt.auth.user.deleted': UserDeletedSchema,
  ...accountsEvents,
  ...cloudEvents,
  ...clusterEvents,
  ...notifyEvents,
} as const satisfies Record<string, DescMessage>;

export type RequestSubject = keyof typeof requests;
export type EventSubject = keyof typeof events;

export type RequestSchemaOf<S extends RequestSubject> = (typeof requests)[S]['request'];
export type ReplySchemaOf<S extends RequestSubject> = (typeof requests)[S]['reply'];
export type EventSchemaOf<S extends EventSubject> = (typeof events)[S];

/** Message types, e.g. `RequestOf<'auth.session.login'>` is `LoginRequest`. */
export type RequestOf<S extends RequestSubject> = MessageShape<RequestSchemaOf<S>>;
export type RequestInitOf<S extends RequestSubject> = MessageInitShape<RequestSchemaOf<S>>;
/** What decodeMessage returns for the request (required fields non-optional). */
export type ValidRequestOf<S extends RequestSubject> = MessageValidType<RequestSchemaOf<S>>;
export type ReplyOf<S extends RequestSubject> = MessageShape<ReplySchemaOf<S>>;
export type ReplyInitOf<S extends RequestSubject> = MessageInitShape<ReplySchemaOf<S>>;
export type ValidReplyOf<S extends RequestSubject> = MessageValidType<ReplySchemaOf<S>>;
export type EventOf<S extends EventSubject> = MessageShape<EventSchemaOf<S>>;
export type EventInitOf<S extends EventSubject> = MessageInitShape<EventSchemaOf<S>>;
export type ValidEventOf<S extends EventSubject> = MessageValidType<EventSchemaOf<S>>;

export function isRequestSubject(subject: string): subject is RequestSubject {
  return Object.prototype.hasOwnProperty.call(requests, subject);
}

export function isEventSubject(subject: string): subject is EventSubject {
  return Object.prototype.hasOwnProperty.call(events, subject);
}
