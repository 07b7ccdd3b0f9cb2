import { ContractViolationError } from '@strata/proto';
import { decodeReply, decodeRequest, encodeReply, encodeRequest } from './contracts';

/**
 * Each RPC message's rules are checked once (issue 15): a request by the service that receives
 * it, a reply by the service that sends it. Both sides still parse strictly.
 */
describe('RPC contracts: where the rules are checked', () => {
  const notAUuid = { orgId: 'not-a-uuid' };
  const badCluster = { clusters: [{ id: 'not-a-uuid' }] };

  it('checks a request where it is received (the service), not where it is sent', () => {
    expect(encodeRequest('cluster.cluster.list', notAUuid)).toEqual({ org_id: 'not-a-uuid' });
    expect(() => decodeRequest('cluster.cluster.list', { org_id: 'not-a-uuid' })).toThrow(
      ContractViolationError,
    );
  });

  it('checks a reply where it is sent (the service), not where it is received', () => {
    expect(() => encodeReply('cluster.cluster.list', badCluster)).toThrow(ContractViolationError);
    expect(
      decodeReply('cluster.cluster.list', { clusters: [{ id: 'not-a-uuid' }] }).clusters[0]?.id,
    ).toBe('not-a-uuid');
  });

  it('still refuses a reply with an unknown field or a wrong type', () => {
    expect(() => decodeReply('cluster.cluster.list', { clusters: [{ admin: true }] })).toThrow(
      ContractViolationError,
    );
    expect(() => decodeReply('cluster.cluster.list', { clusters: 'all' })).toThrow(
      ContractViolationError,
    );
  });
});
