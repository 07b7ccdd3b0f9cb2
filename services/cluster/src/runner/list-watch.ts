import { Logger } from '@nestjs/common';
import type { KubernetesObject, Watch } from '@kubernetes/client-node';

export interface ListWatchHandlers<T extends KubernetesObject> {
  changed(obj: T): void;
  deleted(obj: T): void;
}

/**
 * A list + watch with resourceVersion bookkeeping (an informer): lists, then watches from the
 * list's resourceVersion; a broken watch resumes from the last seen resourceVersion; a 410 Gone
 * (stale resourceVersion, as an ERROR event or an HTTP status) relists, and objects missing
 * from the new list are reported deleted. Reports may repeat: consumers are idempotent.
 */
export class ListWatch<T extends KubernetesObject> {
  readonly store = new Map<string, T>();
  /** Names of the stored objects by index key (the run id label), for lookups without a scan. */
  private readonly index = new Map<string, Set<string>>();
  private resourceVersion = '';
  private stopped = false;
  private abort?: AbortController;
  private loop?: Promise<void>;
  private readonly logger: Logger;
  relists = 0;

  constructor(
    private readonly watch: Watch,
    private readonly path: string,
    private readonly list: () => Promise<{ items: T[]; metadata?: { resourceVersion?: string } }>,
    private readonly labelSelector: string,
    private readonly handlers: ListWatchHandlers<T>,
    kind: string,
    private readonly indexKey: (obj: T) => string | undefined = () => undefined,
  ) {
    this.logger = new Logger(`ListWatch(${kind})`);
  }

  /** The stored object with this index key (the latest stored, if several). */
  byIndex(key: string): T | undefined {
    let found: T | undefined;
    for (const name of this.index.get(key) ?? []) found = this.store.get(name) ?? found;
    return found;
  }

  private put(name: string, item: T) {
    this.store.set(name, item);
    const key = this.indexKey(item);
    if (key === undefined) return;
    const names = this.index.get(key) ?? new Set();
    names.delete(name); // re-added last: the latest stored comes last
    names.add(name);
    this.index.set(key, names);
  }

  private remove(name: string, item: T) {
    this.store.delete(name);
    const key = this.indexKey(item);
    const names = key === undefined ? undefined : this.index.get(key);
    names?.delete(name);
    if (names?.size === 0) this.index.delete(key!);
  }

  /** Resolves after the first list has been delivered. */
  async start(): Promise<void> {
    await this.relist();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.loop;
  }

  private async relist(): Promise<void> {
    const list = await this.list();
    const seen = new Set<string>();
    for (const item of list.items) {
      const name = item.metadata?.name ?? '';
      seen.add(name);
      this.put(name, item);
    }
    for (const [name, old] of [...this.store]) {
      if (!seen.has(name)) {
        this.remove(name, old);
        this.handlers.deleted(old);
      }
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.relists += 1;
    for (const item of list.items) this.handlers.changed(item);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === '') await this.relist();
        const outcome = await this.watchOnce();
        if (outcome === 'gone') {
          this.logger.log(
            { path: this.path },
            'watch resourceVersion too old (410 Gone): relisting',
          );
          this.resourceVersion = '';
        }
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn({ err: error, path: this.path }, 'watch failed, retrying');
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** failures, 5000)));
      }
    }
  }

  private watchOnce(): Promise<'closed' | 'gone'> {
    return new Promise((resolve, reject) => {
      let gone = false;
      this.watch
        .watch(
          this.path,
          {
            labelSelector: this.labelSelector,
            resourceVersion: this.resourceVersion,
            allowWatchBookmarks: true,
          },
          (type: string, obj: unknown) => {
            if (type === 'ERROR') {
              const status = obj as { code?: number };
              if (status.code === 410) gone = true;
              this.abort?.abort();
              return;
            }
            const item = obj as T;
            const rv = item.metadata?.resourceVersion;
            if (rv) this.resourceVersion = rv;
            if (type === 'BOOKMARK') return;
            const name = item.metadata?.name ?? '';
            if (type === 'DELETED') {
              this.remove(name, this.store.get(name) ?? item);
              this.handlers.deleted(item);
            } else {
              this.put(name, item);
              this.handlers.changed(item);
            }
          },
          (err: unknown) => {
            const status = (err as { statusCode?: number; code?: number } | null) ?? null;
            if (status && (status.statusCode === 410 || status.code === 410))
              return resolve('gone');
            if (gone) return resolve('gone');
            if (err && !this.stopped && (err as Error).name !== 'AbortError') return reject(err);
            resolve('closed');
          },
        )
        .then((controller) => {
          this.abort = controller;
        })
        .catch(reject);
    });
  }
}
