import { QueryClient, QueryObserver } from '@tanstack/react-query';
import type { Cluster } from '../api/clusters';
import { keys } from '../app/query-keys';
import { attachLiveCache } from './live-cache';
import type { LiveEventMap, LiveEventType } from './live-events';

/** The stream's `on` and a way to deliver an event, as LiveEvents does. */
class FakeEvents {
  private readonly handlers = new Map<string, Set<(data: unknown) => void>>();

  on<K extends LiveEventType>(type: K, handler: (data: LiveEventMap[K]) => void): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler as (data: unknown) => void);
    this.handlers.set(type, set);
    return () => set.delete(handler as (data: unknown) => void);
  }

  emit<K extends LiveEventType>(type: K, data: LiveEventMap[K]): void {
    for (const handler of this.handlers.get(type) ?? []) handler(data);
  }
}

const ORG = 'org-1';
const cluster = (id: string, state: Cluster['state']) => ({ id, orgId: ORG, state }) as Cluster;
const invalidated = (client: QueryClient, key: readonly unknown[]) =>
  client.getQueryState(key)?.isInvalidated ?? false;

describe('attachLiveCache', () => {
  let client: QueryClient;
  let events: FakeEvents;
  let detach: () => void;

  beforeEach(() => {
    client = new QueryClient();
    events = new FakeEvents();
    detach = attachLiveCache(client, events);
  });

  afterEach(() => {
    detach();
    client.clear();
  });

  it("writes a cluster's new state into the cached list and the cached cluster, and marks them and its runs stale", () => {
    client.setQueryData(keys.clusters(ORG), [cluster('a', 'PROVISIONING'), cluster('b', 'READY')]);
    client.setQueryData(keys.cluster(ORG, 'a'), cluster('a', 'PROVISIONING'));
    client.setQueryData(keys.runs(ORG, 'a'), []);
    client.setQueryData(keys.runs(ORG, 'b'), []);

    events.emit('cluster', {
      orgId: ORG,
      clusterId: 'a',
      from: 'PROVISIONING',
      to: 'READY',
      runId: 'r',
    });

    expect(client.getQueryData<Cluster[]>(keys.clusters(ORG))?.map((c) => c.state)).toEqual([
      'READY',
      'READY',
    ]);
    expect(client.getQueryData<Cluster>(keys.cluster(ORG, 'a'))?.state).toBe('READY');
    expect(invalidated(client, keys.clusters(ORG))).toBe(true);
    expect(invalidated(client, keys.runs(ORG, 'a'))).toBe(true);
    expect(invalidated(client, keys.runs(ORG, 'b'))).toBe(false);
  });

  it("marks only that cluster's apps stale on an app event, and the notification lists on a notification", () => {
    client.setQueryData(keys.apps(ORG, 'a'), []);
    client.setQueryData(keys.apps(ORG, 'b'), []);
    client.setQueryData([...keys.notifications, 'unread'], { items: [] });
    client.setQueryData(keys.me, { id: 'me' });

    events.emit('app', {
      orgId: ORG,
      clusterId: 'a',
      appId: 'x',
      catalogId: 'jupyterhub',
      from: 'INSTALLING',
      to: 'RUNNING',
      runId: 'r',
    });
    expect(invalidated(client, keys.apps(ORG, 'a'))).toBe(true);
    expect(invalidated(client, keys.apps(ORG, 'b'))).toBe(false);
    expect(invalidated(client, [...keys.notifications, 'unread'])).toBe(false);

    events.emit('notification', {
      id: 'n',
      kind: 'cluster.run_started',
      title: 't',
      body: 'b',
      data: {},
      createdAt: new Date(0).toISOString(),
    });
    expect(invalidated(client, [...keys.notifications, 'unread'])).toBe(true);
    expect(invalidated(client, keys.me)).toBe(false);
  });

  it('marks every live query stale when the stream (re)starts or resets, but not the account', () => {
    client.setQueryData(keys.clusters(ORG), []);
    client.setQueryData(keys.apps(ORG, 'a'), []);
    client.setQueryData(keys.me, { id: 'me' });
    client.setQueryData(keys.cloudAccounts(ORG), []);

    events.emit('hello', { unread: 0 });

    expect(invalidated(client, keys.clusters(ORG))).toBe(true);
    expect(invalidated(client, keys.apps(ORG, 'a'))).toBe(true);
    expect(invalidated(client, keys.me)).toBe(false);
    expect(invalidated(client, keys.cloudAccounts(ORG))).toBe(false);
  });

  it('stops when detached', () => {
    client.setQueryData(keys.clusters(ORG), [cluster('a', 'PROVISIONING')]);
    detach();
    events.emit('cluster', {
      orgId: ORG,
      clusterId: 'a',
      from: 'PROVISIONING',
      to: 'READY',
      runId: 'r',
    });
    expect(client.getQueryData<Cluster[]>(keys.clusters(ORG))?.[0]?.state).toBe('PROVISIONING');
  });
});

describe('attachLiveCache, while a page is loading', () => {
  it('fetches a list again when an event arrives while its first fetch is on its way', async () => {
    const client = new QueryClient();
    const events = new FakeEvents();
    const detach = attachLiveCache(client, events);
    const key = [...keys.notifications, 'unread'];
    const answers = [{ items: [] as string[] }, { items: ['New sign-in'] }];
    const replies: Array<() => void> = [];
    let calls = 0;
    // The dashboard's unread list (an active query), its first answer held until after the event.
    const observer = new QueryObserver(client, {
      queryKey: key,
      queryFn: () => {
        const answer = answers[calls++]!;
        return new Promise<{ items: string[] }>((resolve) => replies.push(() => resolve(answer)));
      },
    });
    const settled = () =>
      observer.getCurrentResult().fetchStatus === 'idle' &&
      observer.getCurrentResult().data !== undefined;
    const changes: Array<() => void> = [];
    const unsubscribe = observer.subscribe(() => changes.splice(0).forEach((wake) => wake()));
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise<void>((wake) => changes.push(wake));
    };

    events.emit('notification', {
      id: 'n',
      kind: 'security.new_sign_in',
      title: 'New sign-in',
      body: 'b',
      data: {},
      createdAt: new Date(0).toISOString(),
    });
    replies.shift()?.(); // the first answer, read before the notification was made
    await until(() => replies.length > 0 || settled());
    replies.shift()?.();
    await until(settled);

    expect(calls).toBe(2);
    expect(observer.getCurrentResult().data).toEqual({ items: ['New sign-in'] });
    unsubscribe();
    detach();
    client.clear();
  });
});
