#!/usr/bin/env node
// `npm run openapi` (after a build): writes the gateway's OpenAPI document to
// openapi/strata.openapi.json. `--check` writes nothing and fails when the committed file differs
// from what the decorators say now (CI runs it).
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}openapi/strata.openapi.json`;
const { documentOffline } = require(`${root}services/gateway/dist/openapi/write-document.js`);

const document = await documentOffline();
const options = (await prettier.resolveConfig(target)) ?? {};
const text = await prettier.format(JSON.stringify(document), { ...options, parser: 'json' });

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== text) {
    console.error(
      'openapi/strata.openapi.json is not what the gateway decorators say: run `npm run build && npm run openapi` and commit it.',
    );
    process.exit(1);
  }
  console.log('openapi/strata.openapi.json matches the gateway.');
} else {
  await writeFile(target, text);
  console.log(`wrote ${target}`);
}
