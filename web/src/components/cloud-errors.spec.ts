import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLOUD_ERRORS, cloudErrorText } from './cloud-errors';

/** The verification failure codes of docs/api.md's cloud accounts table (`| \`cloud.x\` | 422 |`). */
function documentedCodes(): string[] {
  const doc = readFileSync(path.resolve(__dirname, '../../../docs/api.md'), 'utf8');
  return [...doc.matchAll(/^\| `(cloud\.[a-z_]+)`\s*\| 422\s*\|/gm)].map((m) => m[1]!);
}

describe('cloud verification failures in words', () => {
  it('has a sentence for every documented failure code', () => {
    const codes = documentedCodes();
    expect(codes.length).toBeGreaterThanOrEqual(8);
    expect(codes.filter((code) => !CLOUD_ERRORS[code])).toEqual([]);
  });

  it('never shows the code itself, and says something for an unknown one', () => {
    for (const code of documentedCodes()) expect(cloudErrorText(code)).not.toContain(code);
    expect(cloudErrorText('cloud.something_new')).toMatch(/check failed/i);
    expect(cloudErrorText('cloud.something_new', 'The server said so.')).toBe(
      'The server said so.',
    );
  });
});
