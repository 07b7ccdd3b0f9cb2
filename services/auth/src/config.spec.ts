import { randomBytes } from 'node:crypto';
import { authConfigSchema } from './config';

const key = randomBytes(32).toString('base64');
const problems = (env: Record<string, string>) => {
  const result = authConfigSchema.safeParse(env);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('auth configuration: master keys', () => {
  it('requires AUTH_MASTER_KEYS and AUTH_ACTIVE_KEY_ID in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'AUTH_MASTER_KEYS',
      'AUTH_ACTIVE_KEY_ID',
    ]);
    expect(
      problems({ NODE_ENV: 'production', AUTH_MASTER_KEYS: `a:${key}`, AUTH_ACTIVE_KEY_ID: 'a' }),
    ).toEqual([]);
  });

  it('runs without them in development and test (the development key file is used)', () => {
    expect(problems({ NODE_ENV: 'development' })).toEqual([]);
    expect(problems({ NODE_ENV: 'test', AUTH_MASTER_KEYS: '', AUTH_ACTIVE_KEY_ID: '' })).toEqual(
      [],
    );
  });

  it('refuses malformed keys and an active id that is not one of them', () => {
    expect(
      problems({ NODE_ENV: 'test', AUTH_MASTER_KEYS: 'a:short', AUTH_ACTIVE_KEY_ID: 'a' }),
    ).toEqual(['AUTH_MASTER_KEYS']);
    expect(
      problems({ NODE_ENV: 'test', AUTH_MASTER_KEYS: `a:${key}`, AUTH_ACTIVE_KEY_ID: 'b' }),
    ).toEqual(['AUTH_ACTIVE_KEY_ID']);
  });
});
