#!/usr/bin/env node
// `npm run chart:docs`: renders the values reference of charts/strata (values.schema.json and
// values.yaml) into docs/install.md. `--check` only tells whether the doc is current (exit 1 if
// not; the chart tests run it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/run.mjs';
import { format, resolveConfig } from 'prettier';
import { renderValuesTable, withValuesTable } from './lib/values-doc.mjs';

const chart = join(root, 'charts', 'strata');
const docPath = join(root, 'docs', 'install.md');
const table = renderValuesTable(
  readFileSync(join(chart, 'values.schema.json'), 'utf8'),
  readFileSync(join(chart, 'values.yaml'), 'utf8'),
);
const current = readFileSync(docPath, 'utf8');
// As the repository keeps it: Prettier with the repository's configuration (`npm run lint`).
const wanted = await format(withValuesTable(current, table), {
  ...(await resolveConfig(docPath)),
  filepath: docPath,
});
if (process.argv.includes('--check')) {
  if (wanted !== current) {
    console.error(
      'chart:docs: docs/install.md has a stale values reference: run `npm run chart:docs`',
    );
    process.exit(1);
  }
  console.log('chart:docs: docs/install.md is current');
} else {
  writeFileSync(docPath, wanted);
  console.log('chart:docs: wrote the values reference into docs/install.md');
}
