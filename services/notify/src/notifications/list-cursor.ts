export { decodeCursor, encodeCursor } from '@strata/database';
export type { ListCursor } from '@strata/database';
