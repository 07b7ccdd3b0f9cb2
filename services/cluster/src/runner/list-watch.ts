import { Logger } from '@nestjs/common';
import type { KubernetesObject, Watch } from '@kubernetes/client-node';

export interface ListWatchHandlers<S> {
  changed(obj: S): void;
  deleted(obj: S): void;
}

/** What the store needs of a kept object. */
export interface Stored {
  metadata?: { name?: string; resourceVersion?: string };
}

/**
 * A list + watch with resourceVersion bookkeeping (an informer): lists, then watches from the
 * list's resourceVersion; a broken watch resumes from the last seen resourceVersion; a 410 Gone
 * (stale resourceVersion, as an ERROR event or an HTTP status) relists, and objects missing
 * from the new list are reported deleted. The store keeps `slim(obj)`, only what the consumer
 * reads. An object whose resourceVersion is the one stored (a relist of an unchanged object, a
 * replayed event) is not reported again; other reports may still repeat what the consumer saw
 * (it is idempotent).
 */
export class ListWatch<T extends KubernetesObject, S extends Stored = T> {
  readonly store = new Map<string, S>();
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
    private readonly handlers: ListWatchHandlers<S>,
    kind: string,
    private readonly indexKey: (obj: S) => string | undefined = () => undefined,
    private readonly slim: (obj: T) => S = (obj) => obj as unknown as S,
  ) {
    this.logger = new Logger(`ListWatch(${kind})`);
  }

  /** The stored object with this index key (the latest stored, if several). */
  byIndex(key: string): S | undefined {
    let found: S | undefined;
    for (const name of this.index.get(key) ?? []) found = this.store.get(name) ?? found;
    return found;
  }

  /** Stores the object; false when the same version was stored already (nothing to report). */
  private put(name: string, item: S): boolean {
    const old = this.store.get(name);
    const rv = item.metadata?.resourceVersion;
    if (old && rv !== undefined && old.metadata?.resourceVersion === rv) return false;
    this.store.set(name, item);
    const key = this.indexKey(item);
    if (key === undefined) return true;
    const names = this.index.get(key) ?? new Set();
    names.delete(name); // re-added last: the latest stored comes last
    names.add(name);
    this.index.set(key, names);
    return true;
  }

  private remove(name: string, item: S) {
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
    const changed: S[] = [];
    for (const full of list.items) {
      const item = this.slim(full);
      const name = item.metadata?.name ?? '';
      seen.add(name);
      if (this.put(name, item)) changed.push(item);
    }
    for (const [name, old] of [...this.store]) {
      if (!seen.has(name)) {
        this.remove(name, old);
        this.handlers.deleted(old);
      }
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.relists += 1;
    for (const item of changed) this.handlers.changed(item);
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
            const full = obj as T;
            const rv = full.metadata?.resourceVersion;
            if (rv) this.resourceVersion = rv;
            if (type === 'BOOKMARK') return;
            const item = this.slim(full);
            const name = item.metadata?.name ?? '';
            if (type === 'DELETED') {
              this.remove(name, this.store.get(name) ?? item);
              this.handlers.deleted(item);
            } else if (this.put(name, item)) this.handlers.changed(item);
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
