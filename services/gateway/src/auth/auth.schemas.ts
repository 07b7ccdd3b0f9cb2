import { z } from '@strata/config';
import { dateTime, id, text } from '../openapi/schema-kit';

/** The answers of sign-in, refresh and password changes. */
export const apiTokens = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: text(4096),
    accessTokenExpiresAt: dateTime,
    refreshToken: text(512),
    refreshTokenExpiresAt: dateTime,
    sessionId: id,
  })
  .meta({ id: 'ApiTokens', description: 'client "api": both tokens in the body.' });
export const browserSession = z
  .object({ sessionId: id, accessTokenExpiresAt: dateTime, csrfToken: text(512) })
  .meta({ id: 'BrowserSession', description: 'client "browser": tokens in HttpOnly cookies.' });
export const tokens = z.union([apiTokens, browserSession]).meta({ id: 'Tokens' });

/** A reissued access token (same session, fresh claims): in the body for Bearer clients only. */
export const reissuedAccess = {
  tokenType: z.literal('Bearer').optional(),
  accessToken: text(4096).optional(),
  accessTokenExpiresAt: dateTime,
};

export const accepted = z
  .object({ status: z.literal('accepted'), message: text(200) })
  .meta({ id: 'Accepted' });
export const statusOnly = <T extends string>(value: T) => z.object({ status: z.literal(value) });
export const csrfAnswer = z.object({ csrfToken: text(512) });

export const jwks = z.object({
  keys: z
    .array(
      z.object({
        kty: text(16),
        crv: text(16).optional(),
        x: text(128).optional(),
        y: text(128).optional(),
        kid: text(128).optional(),
        alg: text(16).optional(),
        use: text(16).optional(),
      }),
    )
    .max(20),
});

export const me = z.object({
  id,
  email: text(254),
  emailVerified: z.boolean(),
  createdAt: dateTime,
  sessionId: id,
  username: text(100),
  activeOrg: z.object({ id, name: text(100) }).nullable(),
  role: z.enum(['owner', 'admin', 'member', 'viewer']).nullable(),
  platformAdmin: z.boolean(),
});

export const sessions = z.object({
  items: z
    .array(
      z.object({
        id,
        userAgent: text(1024),
        ip: text(64),
        createdAt: dateTime,
        lastUsedAt: dateTime,
        current: z.boolean(),
      }),
    )
    .max(1000),
});
