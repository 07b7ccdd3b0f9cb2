import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from './index';

/** installer/charts.lock is what the installer image bakes: the catalog must pin the same charts. */
const LOCK = path.resolve(__dirname, '../../../../../installer/charts.lock');

describe('the catalog and the installer image', () => {
  it('pin the same chart, version and source, each verified by a digest or a commit', () => {
    const lines = readFileSync(LOCK, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
      .map((l) => l.trim().split(/\s+/));
    const locked = Object.fromEntries(
      lines.map(([name, version, source, check]) => [name, { version, source, check }]),
    );
    expect(Object.keys(locked).sort()).toEqual(CATALOG.map((app) => app.chart.name).sort());
    for (const app of CATALOG) {
      const entry = locked[app.chart.name]!;
      expect(entry.version).toBe(app.chart.version);
      if (entry.source!.startsWith('git+')) {
        expect(entry.check).toMatch(/^[0-9a-f]{40}$/);
        expect(app.chart.repository).toBe(`${entry.source!.split('#')[0]}@${entry.check}`);
      } else {
        expect(entry.check).toMatch(/^[0-9a-f]{64}$/);
        expect(app.chart.repository).toBe(entry.source);
      }
    }
  });
});
