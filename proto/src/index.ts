// Generated schemas and types (proto/src/gen, produced by `npm run generate -w proto`).
export * from './gen/strata/common/v1/problem_pb';
export * from './gen/strata/auth/v1/registration_pb';
export * from './gen/strata/auth/v1/session_pb';
export * from './gen/strata/auth/v1/password_pb';
export * from './gen/strata/auth/v1/user_pb';
export * from './gen/strata/auth/v1/jwks_pb';
export * from './gen/strata/auth/v1/events_pb';
export * from './gen/strata/auth/v1/google_pb';
export * from './gen/strata/notify/v1/events_pb';
export * from './gen/strata/notify/v1/notifications_pb';
export * from './gen/strata/accounts/v1/claims_pb';
export * from './gen/strata/accounts/v1/profile_pb';
export * from './gen/strata/accounts/v1/organizations_pb';
export * from './gen/strata/accounts/v1/members_pb';
export * from './gen/strata/accounts/v1/invitations_pb';
export * from './gen/strata/accounts/v1/users_pb';
export * from './gen/strata/accounts/v1/recipients_pb';
export * from './gen/strata/accounts/v1/events_pb';
export * from './gen/strata/accounts/v1/audit_pb';
export * from './gen/strata/cloud/v1/accounts_pb';
export * from './gen/strata/cloud/v1/connectors_pb';
export * from './gen/strata/cloud/v1/credentials_pb';
export * from './gen/strata/cloud/v1/events_pb';
export * from './gen/strata/cluster/v1/clusters_pb';
export * from './gen/strata/cluster/v1/events_pb';
export * from './gen/strata/cluster/v1/apps_pb';

export { encodeMessage, decodeMessage, toWireJson, type CodecOptions } from './codec';
export {
  ContractViolationError,
  isContractViolationError,
  type ContractViolation,
} from './contract-violation.error';
export * from './subjects';
export {
  controlCharacterViolations,
  hasControlCharacters,
  isMultilineField,
  CONTROL_CHARACTER_MESSAGE,
  type ControlCharacterViolation,
} from './control-characters';
export * from './gen/strata/notify/v1/pushes_pb';
export * from './gen/strata/cluster/v1/run_logs_pb';
export * from './gen/strata/gateway/v1/live_events_pb';
export {
  parseLiveEvent,
  liveEventData,
  pushEvent,
  decodeUserPush,
  pushRecord,
  userPushJson,
  type LiveEventType,
  type LiveEventDataMap,
  type PushType,
  type PushEvent,
} from './live-events';
export { encodeLiveLogChunk, decodeLiveLogChunk } from './run-logs';
