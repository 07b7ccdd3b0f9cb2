#!/usr/bin/env node
// `npm run images`: builds every Strata image with the local Docker engine, tagged
// ${STRATA_IMAGE_PREFIX:-strata}/<name>:${STRATA_IMAGE_TAG:-0.1.0}. Arguments pick images by name
// (`npm run images -- gateway sandbox-job`). Without a Docker engine it says so and exits 1.
// A Dockerfile that does not exist is reported as skipped, not as built.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, run } from './lib/run.mjs';
import { IMAGES, IMAGE_TAG } from './images/images.mjs';

const prefix = process.env.STRATA_IMAGE_PREFIX || 'strata';
const tag = process.env.STRATA_IMAGE_TAG || IMAGE_TAG;
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !IMAGES.some((image) => image.name === name));
if (unknown.length) {
  console.error(
    `images: unknown image ${unknown.join(', ')} (known: ${IMAGES.map((i) => i.name).join(', ')})`,
  );
  process.exit(2);
}

const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
if (info.error || info.status !== 0) {
  console.error(
    'images: no Docker engine answers here (`docker info` failed: ' +
      `${info.error?.code === 'ENOENT' ? 'no docker command' : (info.stderr || '').trim().split('\n')[0]}` +
      '). Nothing was built. Start Docker (or point DOCKER_HOST at an engine) and run `npm run images` again.',
  );
  process.exit(1);
}

const built = [];
const skipped = [];
let hostBuilt = false;
for (const image of IMAGES.filter((i) => wanted.length === 0 || wanted.includes(i.name))) {
  const ref = `${prefix}/${image.name}:${tag}`;
  if (!existsSync(join(root, image.dockerfile))) {
    skipped.push(`${ref} (no ${image.dockerfile})`);
    continue;
  }
  if (image.hostBuild && !hostBuilt) {
    console.log(`images: ${image.name} copies host build output: npm run build -w provisioners`);
    await run('npm', ['run', 'build', '-w', 'provisioners'], { cwd: root, label: 'build' });
    hostBuilt = true;
  }
  const args = ['build', '-f', image.dockerfile, '-t', ref];
  if (image.target) args.push('--target', image.target);
  for (const [name, value] of Object.entries(image.buildArgs ?? {}))
    args.push('--build-arg', `${name}=${value}`);
  args.push(image.context);
  console.log(`images: docker ${args.join(' ')}`);
  await run('docker', args, { cwd: root, label: `image ${image.name}` });
  built.push(ref);
}
console.log(`images: built ${built.length}: ${built.join(', ') || 'none'}`);
if (skipped.length) console.log(`images: skipped ${skipped.length}: ${skipped.join(', ')}`);
