import { z } from 'zod';
import { ConfigError, parseConfig } from './load-config';
import { baseConfigSchema } from './base-config.schema';

describe('parseConfig', () => {
  const schema = baseConfigSchema.extend({ SMTP_URL: z.string().url() });

  it('applies defaults and coerces numbers', () => {
    const config = parseConfig(schema, { PORT: '3000', SMTP_URL: 'smtp://localhost:25' });
    expect(config).toMatchObject({ PORT: 3000, NODE_ENV: 'development', LOG_LEVEL: 'info' });
  });

  it('names a missing variable', () => {
    expect(() => parseConfig(schema, { PORT: '1' })).toThrow(/SMTP_URL is required/);
  });

  it('names a bad variable without echoing its value', () => {
    try {
      parseConfig(schema, { PORT: 'abc', SMTP_URL: 'secret-not-a-url' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT:/);
      expect(message).toMatch(/SMTP_URL:/);
      expect(message).not.toContain('secret-not-a-url');
    }
  });
});
