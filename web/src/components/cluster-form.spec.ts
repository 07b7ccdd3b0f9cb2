import { clusterFieldErrors, inFormWords, nextVersion } from './cluster-form';
import type { ApiError } from '../api/problem';

const problem = (errors: { field: string; message: string }[]) =>
  ({ status: 422, problem: { errors } }) as unknown as ApiError;

describe('the create form’s field errors', () => {
  it('name the form’s fields, not the API’s', () => {
    expect(inFormWords('must not be greater than maxSize')).toBe(
      'must not be greater than the maximum nodes',
    );
    expect(inFormWords('overlaps publicSubnetCidrs.0 (10.0.0.0/20)')).toBe(
      'overlaps public subnet 1 (10.0.0.0/20)',
    );
  });

  it('puts every error of one answer beside its field at once', () => {
    const fields = clusterFieldErrors(
      problem([
        { field: 'vpcCidr', message: 'must be an IPv4 CIDR block' },
        { field: 'publicSubnetCidrs.1', message: 'overlaps publicSubnetCidrs.0 (10.0.0.0/20)' },
        { field: 'nodePool.minSize', message: 'must not be greater than maxSize' },
      ]),
    );
    expect(fields).toEqual({
      vpcCidr: 'Must be an IPv4 CIDR block.',
      publicSubnetCidrs: 'Subnet 2: overlaps public subnet 1 (10.0.0.0/20).',
      minSize: 'Must not be greater than the maximum nodes.',
    });
  });
});

describe('the change form’s upgrade', () => {
  it('offers the next supported minor only, none from the newest', () => {
    expect(nextVersion('1.31')).toBe('1.32');
    expect(nextVersion('1.32')).toBe('1.33');
    expect(nextVersion('1.33')).toBeUndefined();
    expect(nextVersion('1.30')).toBe('1.31');
  });
});
