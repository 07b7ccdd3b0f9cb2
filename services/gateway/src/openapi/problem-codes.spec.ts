import { readFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PROBLEM_CODES } from './problem-codes';

/** `| \`code\` | status |` rows of the error tables in docs/. */
function documentedCodes(): Map<string, number[]> {
  const docs = path.join(__dirname, '../../../../docs');
  const codes = new Map<string, number[]>();
  for (const file of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
    for (const line of readFileSync(path.join(docs, file), 'utf8').split('\n')) {
      const row = /^\|([^|]+)\|\s*([0-9, ]+)\s*\|/.exec(line);
      if (!row) continue;
      const names = [...row[1].matchAll(/`([a-z_]+(?:\.[a-z_]+)+|internal)`/g)].map((m) => m[1]);
      const statuses = row[2].split(',').map((s) => Number(s.trim()));
      names.forEach((name, i) =>
        codes.set(
          name,
          names.length === statuses.length && names.length > 1 ? [statuses[i]] : statuses,
        ),
      );
    }
  }
  return codes;
}

describe('problem codes', () => {
  it('are the codes docs/ lists, each with a status the docs give it', () => {
    const documented = documentedCodes();
    for (const [code, status] of Object.entries(PROBLEM_CODES)) {
      expect({ code, documented: documented.has(code) }).toEqual({ code, documented: true });
      expect(documented.get(code)).toContain(status);
    }
    for (const code of documented.keys()) expect(Object.keys(PROBLEM_CODES)).toContain(code);
  });
});
