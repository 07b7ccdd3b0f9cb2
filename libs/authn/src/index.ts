export * from './access-claims';
export * from './jwks-cache';
export * from './access-token.verifier';
export * from './opaque-token';
