export { z } from 'zod';
export * from './base-config.schema';
export * from './load-config';
