import type { KubernetesObject, Watch } from '@kubernetes/client-node';
import { ListWatch } from './list-watch';

type Obj = KubernetesObject & { metadata: { name: string; labels?: Record<string, string> } };
const obj = (name: string, run: string, rv: string): Obj => ({
  metadata: { name, labels: { run }, resourceVersion: rv },
});

/** A Watch whose single open watch the test feeds by hand. */
function fakeWatch() {
  let emit: ((type: string, obj: unknown) => void) | undefined;
  const watch = {
    watch: (
      _path: string,
      _params: unknown,
      callback: (type: string, obj: unknown) => void,
      done: (err: unknown) => void,
    ) => {
      emit = callback;
      const abort = new AbortController();
      abort.signal.addEventListener('abort', () => done(null));
      return Promise.resolve(abort);
    },
  } as unknown as Watch;
  return {
    watch,
    emit: (type: string, o: unknown) => emit!(type, o),
    opened: () => emit !== undefined,
  };
}

describe('ListWatch', () => {
  it('finds objects by index key through lists, changes and deletes', async () => {
    const fake = fakeWatch();
    const deleted: string[] = [];
    const lw = new ListWatch<Obj>(
      fake.watch,
      '/x',
      async () => ({
        items: [obj('a', 'r1', '1'), obj('b', 'r2', '2')],
        metadata: { resourceVersion: '2' },
      }),
      '',
      { changed: () => undefined, deleted: (o) => deleted.push(o.metadata.name) },
      'test',
      (o) => o.metadata.labels?.run,
    );
    await lw.start();
    expect(lw.byIndex('r1')?.metadata.name).toBe('a');
    expect(lw.byIndex('r2')?.metadata.name).toBe('b');
    await new Promise((r) => setImmediate(r));
    expect(fake.opened()).toBe(true);
    fake.emit('ADDED', obj('c', 'r1', '3'));
    expect(lw.byIndex('r1')?.metadata.name).toBe('c'); // the latest stored
    fake.emit('MODIFIED', obj('a', 'r1', '4'));
    expect(lw.byIndex('r1')?.metadata.name).toBe('a');
    fake.emit('DELETED', obj('a', 'r1', '5'));
    expect(lw.byIndex('r1')?.metadata.name).toBe('c');
    fake.emit('DELETED', obj('c', 'r1', '6'));
    expect(lw.byIndex('r1')).toBeUndefined();
    expect(deleted).toEqual(['a', 'c']);
    await lw.stop();
  });

  it('stores the slim form and does not report a version it has already seen', async () => {
    const fake = fakeWatch();
    const changed: string[] = [];
    type Slim = { metadata: { name?: string; resourceVersion?: string } };
    const lw = new ListWatch<Obj, Slim>(
      fake.watch,
      '/x',
      async () => ({ items: [obj('a', 'r1', '1')], metadata: { resourceVersion: '1' } }),
      '',
      {
        changed: (o) => changed.push(`${o.metadata.name}@${o.metadata.resourceVersion}`),
        deleted: () => undefined,
      },
      'test',
      undefined,
      (o) => ({ metadata: { name: o.metadata.name, resourceVersion: o.metadata.resourceVersion } }),
    );
    await lw.start();
    await new Promise((r) => setImmediate(r));
    fake.emit('MODIFIED', obj('a', 'r1', '2'));
    fake.emit('MODIFIED', obj('a', 'r1', '2')); // replayed by a resumed watch
    fake.emit('ADDED', obj('b', 'r2', '3'));
    expect(changed).toEqual(['a@1', 'a@2', 'b@3']);
    expect(lw.store.get('a')).toEqual({ metadata: { name: 'a', resourceVersion: '2' } });
    await lw.stop();
  });
});
