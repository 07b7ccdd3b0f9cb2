/**
 * The provisioner images' one Dockerfile, read (no Docker engine runs here): OpenTofu pinned and
 * verified by SHA-256, the module chosen by a required build argument, providers mirrored and
 * modules fetched at build time, the built entrypoint copied in, non-root uid 10001, nothing
 * written outside /tmp at run time.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MODULE_OF } from '../src/run-config';

const root = path.resolve(__dirname, '..');
const modules = Object.values(MODULE_OF);
const arg = (text: string, name: string) => new RegExp(`^ARG ${name}=(\\S+)$`, 'm').exec(text)?.[1];

describe('provisioners/Dockerfile', () => {
  let text: string;
  beforeAll(async () => {
    text = await readFile(path.join(root, 'Dockerfile'), 'utf8');
  });

  it('pins OpenTofu and checks the download against the pinned SHA-256 and SHA256SUMS', () => {
    expect(arg(text, 'TOFU_VERSION')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(arg(text, 'TOFU_SHA256')).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain(
      'https://github.com/opentofu/opentofu/releases/download/v${TOFU_VERSION}/tofu_${TOFU_VERSION}_linux_amd64.zip',
    );
    expect(text).toContain(
      'echo "${TOFU_SHA256}  tofu_${TOFU_VERSION}_linux_amd64.zip" | sha256sum -c -',
    );
    expect(text).toContain('tofu_${TOFU_VERSION}_SHA256SUMS');
  });

  it('takes the module as a required build argument, one of the three modules', () => {
    expect(text).toMatch(/^ARG MODULE$/m);
    const accepted = /case "\$\{MODULE\}" in ([^)]+)\)/.exec(text)?.[1]?.split('|');
    expect(accepted?.sort()).toEqual([...modules].sort());
    for (const module of modules) expect(existsSync(path.join(root, module, 'main.tf'))).toBe(true);
  });

  it('fetches modules and mirrors providers at build time', () => {
    expect(text).toMatch(/^RUN tofu init -backend=false -input=false/m);
    expect(text).toContain('tofu validate');
    expect(text).toContain('tofu providers mirror -platform=linux_amd64 /tmp/mirror');
    // Unpacked into <host>/<namespace>/<type>/<version>/linux_amd64 (linked at run time, not copied).
    expect(text).toContain(
      'unzip -q "$zip" -d "/opt/strata/providers/${dir}/${version}/linux_amd64"',
    );
    expect(text).toContain('cp -rL /src/${MODULE}');
  });

  it('is multi-stage, runs the built entrypoint as uid 10001, writes only under /tmp', () => {
    expect(text.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^USER 10001:10001$/m);
    expect(text).toContain('COPY dist/*.js /opt/strata/entrypoint/');
    expect(text).toMatch(
      /^ENTRYPOINT \["\/nodejs\/bin\/node", "\/opt\/strata\/entrypoint\/main\.js"\]$/m,
    );
    expect(text).toContain('STRATA_WORK_DIR=/tmp/strata');
    expect(text).toContain('HOME=/tmp');
    expect(text).not.toMatch(/:latest\b/);
  });
});
