import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ContractViolationError } from './contract-violation.error';
import { NotificationPushSchema } from './gen/strata/notify/v1/pushes_pb';
import {
  decodeUserPush,
  liveEventData,
  parseLiveEvent,
  pushEvent,
  pushRecord,
  userPushJson,
} from './live-events';
import { decodeLiveLogChunk, encodeLiveLogChunk } from './run-logs';

const USER_ORG = '0b3c6f1e-4f5a-4b8e-9c2d-7e6f5a4b3c2d';
const ID = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const CREATED = new Date('2026-12-02T10:00:00.123Z');

const notification = (orgId?: string) =>
  create(NotificationPushSchema, {
    id: ID,
    ...(orgId ? { orgId } : {}),
    kind: 'security.new_sign_in',
    title: 'New sign-in',
    body: 'A new sign-in with Firefox on Linux.',
    data: { sessionId: ID },
    createdAt: timestampFromDate(CREATED),
  });

describe('live events', () => {
  it('leaves an absent orgId and readAt out of a notification, never "" or null', () => {
    const data = liveEventData('notification', notification());
    expect(data).toEqual({
      id: ID,
      kind: 'security.new_sign_in',
      title: 'New sign-in',
      body: 'A new sign-in with Firefox on Linux.',
      data: { sessionId: ID },
      createdAt: '2026-12-02T10:00:00.123Z',
    });
    expect(liveEventData('notification', notification(USER_ORG)).orgId).toBe(USER_ORG);
  });

  it('writes zero values (an unread count of 0 is {"unread":0})', () => {
    expect(liveEventData('unread', { unread: 0 })).toEqual({ unread: 0 });
    expect(liveEventData('hello', { unread: 0, lastSeq: 0 })).toEqual({ unread: 0, lastSeq: 0 });
    expect(liveEventData('hello', { resumedAfter: 4 })).toEqual({ resumedAfter: 4 });
  });

  it('round-trips a push record through the NATS JSON of UserPush', () => {
    const record = pushRecord({ case: 'notification', value: notification() });
    expect(record.type).toBe('notification');
    const bytes = new TextEncoder().encode(userPushJson(7, CREATED, record.type, record.data));
    expect(decodeUserPush(bytes)).toEqual({ seq: 7, type: 'notification', data: record.data });
  });

  it('reads the push form from before the contract, dropping its "" and null sentinels', () => {
    const legacy = JSON.stringify({
      seq: 3,
      type: 'notification',
      data: { ...liveEventData('notification', notification()), orgId: '', readAt: null },
      at: CREATED.toISOString(),
    });
    const push = decodeUserPush(legacy);
    expect(push.type).toBe('notification');
    expect(push.data).not.toHaveProperty('orgId');
    expect(push.data).not.toHaveProperty('readAt');
    const status = pushEvent(4, 'cluster', {
      orgId: USER_ORG,
      clusterId: ID,
      from: 'PENDING',
      to: 'PROVISIONING',
      runId: '',
      reason: '',
    });
    expect(status.data).toEqual({
      orgId: USER_ORG,
      clusterId: ID,
      from: 'PENDING',
      to: 'PROVISIONING',
    });
  });

  it('rejects an unknown event, an unknown field and a broken rule', () => {
    expect(() => parseLiveEvent('surprise', {})).toThrow(ContractViolationError);
    expect(() => parseLiveEvent('unread', { unread: 1, extra: true })).toThrow(
      ContractViolationError,
    );
    expect(() => parseLiveEvent('log', { runId: 'not-a-uuid', offset: 0, text: 'x' })).toThrow(
      ContractViolationError,
    );
    expect(() => parseLiveEvent('reconnect', { reason: 'bored' })).toThrow(ContractViolationError);
    expect(() => pushEvent(1, 'log', { runId: ID, offset: 0, text: '' })).toThrow(
      ContractViolationError,
    );
    expect(parseLiveEvent('reconnect', { reason: 'shutdown' }).event.case).toBe('reconnect');
  });

  it('rejects a push with no payload', () => {
    expect(() => decodeUserPush(JSON.stringify({ seq: 1, at: CREATED.toISOString() }))).toThrow(
      ContractViolationError,
    );
  });
});

describe('run log chunks', () => {
  it('round-trips a chunk with camelCase names and a 0 offset; the progress is optional', () => {
    const json = encodeLiveLogChunk({ runId: ID, offset: 0, text: 'hello\n' });
    expect(JSON.parse(json)).toEqual({ runId: ID, offset: 0, text: 'hello\n' });
    const chunk = decodeLiveLogChunk(
      encodeLiveLogChunk({ runId: ID, offset: 6, text: 'x', progress: { step: 'a', percent: 5 } }),
    );
    expect(chunk).toMatchObject({ runId: ID, offset: 6, progress: { step: 'a', percent: 5 } });
    // The form before the contract wrote `progress: null`.
    expect(
      decodeLiveLogChunk(JSON.stringify({ runId: ID, offset: 1, text: 'y', progress: null }))
        .progress,
    ).toBeUndefined();
    expect(() => decodeLiveLogChunk(JSON.stringify({ runId: ID, offset: -1, text: '' }))).toThrow(
      ContractViolationError,
    );
  });
});
