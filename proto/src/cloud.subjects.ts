import type { DescMessage } from '@bufbuild/protobuf';
import {
  CloudAccountRefSchema,
  CloudAccountSchema,
  CreateCloudAccountRequestSchema,
  DeleteCloudAccountReplySchema,
  ListCloudAccountsReplySchema,
  ListCloudAccountsRequestSchema,
  RenameCloudAccountRequestSchema,
} from './gen/strata/cloud/v1/accounts_pb';
import {
  CreateStorageConnectorRequestSchema,
  DeleteStorageConnectorReplySchema,
  ListStorageConnectorsReplySchema,
  ListStorageConnectorsRequestSchema,
  StorageConnectorRefSchema,
  StorageConnectorSchema,
} from './gen/strata/cloud/v1/connectors_pb';
import {
  IssueCredentialsRequestSchema,
  IssueKubeTokenRequestSchema,
  KubeTokenSchema,
  IssuedCredentialsSchema,
  RotateKeysReplySchema,
  RotateKeysRequestSchema,
} from './gen/strata/cloud/v1/credentials_pb';
import {
  CloudAccountDeletedSchema,
  CloudAccountVerificationFailedSchema,
  CloudAccountVerifiedSchema,
  CloudOrganizationClearedSchema,
  StorageConnectorDeletedSchema,
  StorageConnectorVerificationFailedSchema,
  StorageConnectorVerifiedSchema,
} from './gen/strata/cloud/v1/events_pb';
import { OrgUsageReplySchema, OrgUsageRequestSchema } from './gen/strata/common/v1/org_usage_pb';
import { contract, type RequestContract } from './contract';

/** Requests answered by services/cloud. */
export const cloudRequests = {
  'cloud.account.create': contract(CreateCloudAccountRequestSchema, CloudAccountSchema),
  'cloud.account.list': contract(ListCloudAccountsRequestSchema, ListCloudAccountsReplySchema),
  'cloud.account.get': contract(CloudAccountRefSchema, CloudAccountSchema),
  'cloud.account.rename': contract(RenameCloudAccountRequestSchema, CloudAccountSchema),
  'cloud.account.verify': contract(CloudAccountRefSchema, CloudAccountSchema),
  'cloud.account.delete': contract(CloudAccountRefSchema, DeleteCloudAccountReplySchema),
  'cloud.connector.create': contract(CreateStorageConnectorRequestSchema, StorageConnectorSchema),
  'cloud.connector.list': contract(
    ListStorageConnectorsRequestSchema,
    ListStorageConnectorsReplySchema,
  ),
  'cloud.connector.get': contract(StorageConnectorRefSchema, StorageConnectorSchema),
  'cloud.connector.verify': contract(StorageConnectorRefSchema, StorageConnectorSchema),
  'cloud.connector.delete': contract(StorageConnectorRefSchema, DeleteStorageConnectorReplySchema),
  'cloud.credentials.issue': contract(IssueCredentialsRequestSchema, IssuedCredentialsSchema),
  'cloud.kube_token.issue': contract(IssueKubeTokenRequestSchema, KubeTokenSchema),
  'cloud.keys.rotate': contract(RotateKeysRequestSchema, RotateKeysReplySchema),
  /** Internal: accounts only, with the ORG_USAGE_TOKEN service credential. */
  'cloud.org.usage': contract(OrgUsageRequestSchema, OrgUsageReplySchema),
} as const satisfies Record<string, RequestContract>;

/** Events emitted by services/cloud (`evt.cloud.<noun>.<past-verb>`). */
export const cloudEvents = {
  'evt.cloud.account.verified': CloudAccountVerifiedSchema,
  'evt.cloud.account.verification_failed': CloudAccountVerificationFailedSchema,
  'evt.cloud.account.deleted': CloudAccountDeletedSchema,
  'evt.cloud.connector.verified': StorageConnectorVerifiedSchema,
  'evt.cloud.connector.verification_failed': StorageConnectorVerificationFailedSchema,
  'evt.cloud.connector.deleted': StorageConnectorDeletedSchema,
  'evt.cloud.organization.cleared': CloudOrganizationClearedSchema,
} as const satisfies Record<string, DescMessage>;
