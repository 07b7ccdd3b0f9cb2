import { Injectable } from '@nestjs/common';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { cloudFailure, isNetworkError } from './cloud-errors';
import { CloudEndpoints } from './cloud-endpoints';

export interface AwsSecret {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsSessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt?: Date;
}

export interface AwsIdentity {
  accountId: string;
  arn: string;
}

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
export const isRoleArn = (value: string) => ROLE_ARN.test(value);

/** AWS through STS: GetCallerIdentity proves the key, AssumeRole the role. */
@Injectable()
export class AwsProvider {
  constructor(private readonly endpoints: CloudEndpoints) {}

  client(credentials: AwsSecret | AwsSessionCredentials): STSClient {
    return new STSClient({
      region: 'us-east-1',
      endpoint: this.endpoints.stsEndpoint,
      credentials,
      maxAttempts: 1,
      requestHandler: {
        requestTimeout: this.endpoints.timeoutMs,
        connectionTimeout: this.endpoints.timeoutMs,
      },
    });
  }

  async verify(secret: AwsSecret, roleArn?: string): Promise<AwsIdentity> {
    const sts = this.client(secret);
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      if (roleArn) {
        const assumed = await this.assume(sts, roleArn, 'strata-verify', 900);
        const roleSts = this.client(assumed);
        try {
          await roleSts.send(new GetCallerIdentityCommand({}));
        } finally {
          roleSts.destroy();
        }
      }
      return { accountId: identity.Account ?? '', arn: identity.Arn ?? '' };
    } catch (error) {
      throw awsFailure(error);
    } finally {
      sts.destroy();
    }
  }

  /** Short-lived credentials: AssumeRole when a role is set, else GetSessionToken. */
  async issue(secret: AwsSecret, roleArn: string | undefined, purpose: string) {
    const sts = this.client(secret);
    try {
      if (roleArn) return await this.assume(sts, roleArn, sessionName(purpose), 3600);
      const reply = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 3600 }));
      return toSession(reply.Credentials);
    } catch (error) {
      throw awsFailure(error);
    } finally {
      sts.destroy();
    }
  }

  private async assume(sts: STSClient, roleArn: string, name: string, seconds: number) {
    const reply = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: name, DurationSeconds: seconds }),
    );
    return toSession(reply.Credentials);
  }
}

function toSession(
  credentials:
    | { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }
    | undefined,
): AwsSessionCredentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken)
    throw cloudFailure('unreachable', 'STS answered without credentials.');
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiresAt: credentials.Expiration,
  };
}

/** A role session name from a purpose: [\w+=,.@-], 2 to 64 characters. */
export function sessionName(purpose: string): string {
  const cleaned = purpose.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'strata';
}

/** STS and S3 error names to platform codes. */
export function awsFailure(error: unknown) {
  const name = (error as { name?: string })?.name ?? '';
  switch (name) {
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
    case 'InvalidAccessKeyId':
    case 'UnrecognizedClientException':
    case 'IncompleteSignature':
      return cloudFailure('invalid_credentials');
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'RequestExpired':
      return cloudFailure('credentials_expired');
    case 'AccessDenied':
    case 'AccessDeniedException':
    case 'AllAccessDisabled':
      return cloudFailure('permission_denied');
    case 'NoSuchBucket':
      return cloudFailure('storage_not_found');
  }
  if (isNetworkError(error)) return cloudFailure('unreachable');
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (status === 403) return cloudFailure('permission_denied');
  if (status === 401) return cloudFailure('invalid_credentials');
  if (status === 404) return cloudFailure('storage_not_found');
  return cloudFailure(
    'unreachable',
    `The cloud answered unexpectedly (${name || 'unknown error'}).`,
  );
}
