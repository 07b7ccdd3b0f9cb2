import { createMasker } from './masker';

describe('createMasker', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfi"CYEXAMPLE\\KEY<&>';

  it('masks a value raw and as JSON encoders write it (once, twice, Go-style, escaped slashes)', () => {
    const { mask } = createMasker([secret]);
    const once = JSON.stringify(secret).slice(1, -1);
    const twice = JSON.stringify(once).slice(1, -1);
    const go = once.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
    const slashes = once.replace(/\//g, '\\/');
    for (const form of [secret, once, twice, go, slashes])
      expect(mask(`before ${form} after`)).toBe('before *** after');
  });

  it('masks a multi-line value whole and each of its body lines alone, not its PEM armour', () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n';
    const { mask } = createMasker([pem]);
    expect(mask(`key=${pem}`)).toBe('key=***');
    expect(mask(`key: ${JSON.stringify(pem)}`)).toBe('key: "***"');
    expect(mask('line: BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj')).toBe('line: ***');
    expect(mask('-----BEGIN PRIVATE KEY-----')).toBe('-----BEGIN PRIVATE KEY-----');
  });

  it('masks the longest form first and leaves short values and empty secrets alone', () => {
    const { mask } = createMasker(['abcdefgh', 'abcdefgh-and-more', '', 'abc']);
    expect(mask('x abcdefgh-and-more y abcdefgh z abc')).toBe('x *** y *** z abc');
  });

  it('treats regular-expression characters in a value literally', () => {
    const { mask } = createMasker(['a.b*c+d?(e)[f]{g}|h^$']);
    expect(mask('[a.b*c+d?(e)[f]{g}|h^$] axbbc')).toBe('[***] axbbc');
  });
});
