import { decodeCursor, encodeCursor } from './list-cursor';

describe('list cursor', () => {
  it('round-trips a (createdAt, id) keyset position', () => {
    const cursor = { createdAt: new Date('2026-11-28T08:00:00.123Z'), id: crypto.randomUUID() };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses text that is not one of ours', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(decodeCursor('')).toBeUndefined();
    expect(decodeCursor('%%%')).toBeUndefined();
    expect(decodeCursor(enc(['2026-11-28T08:00:00.000Z']))).toBeUndefined();
    expect(decodeCursor(enc(['not a date', crypto.randomUUID()]))).toBeUndefined();
    expect(decodeCursor(enc(['2026-11-28T08:00:00.000Z', 'not-a-uuid']))).toBeUndefined();
    expect(decodeCursor(enc({ at: 1 }))).toBeUndefined();
  });
});
