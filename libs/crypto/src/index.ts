export * from './envelope-cipher';
export * from './master-keys';
