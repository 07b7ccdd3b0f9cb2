import type { DescMessage } from '@bufbuild/protobuf';
import { GetClaimsRequestSchema, ClaimsSchema } from './gen/strata/accounts/v1/claims_pb';
import { contract, type RequestContract } from './contract';

/** Requests answered by services/accounts. */
export const accountsRequests = {
  'accounts.claims.get': contract(GetClaimsRequestSchema, ClaimsSchema),
} as const satisfies Record<string, RequestContract>;

/** Events emitted by services/accounts (`evt.accounts.<noun>.<past-verb>`). */
export const accountsEvents = {} as const satisfies Record<string, DescMessage>;
