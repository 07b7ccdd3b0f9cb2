import { controlCharacterViolations, hasControlCharacters } from './control-characters';

describe('control characters in text', () => {
  it('refuses NUL and the other C0 controls and DEL everywhere', () => {
    for (const c of [
      '\u0000',
      '\u0001',
      '\u0008',
      '\u000b',
      '\u000c',
      '\u001b',
      '\u001f',
      '\u007f',
    ])
      expect(hasControlCharacters(`a${c}b`, true)).toBe(true);
  });

  it('refuses tabs and line breaks in single-line text only', () => {
    for (const c of ['\t', '\n', '\r']) {
      expect(hasControlCharacters(`a${c}b`)).toBe(true);
      expect(hasControlCharacters(`a${c}b`, true)).toBe(false);
    }
  });

  it('lets ordinary text through, accents and emoji included', () => {
    expect(hasControlCharacters('Équipe données 🚀 — ok')).toBe(false);
    expect(controlCharacterViolations({ name: 'Acme', items: ['a', { b: 'c' }], n: 1 })).toEqual(
      [],
    );
  });

  it('names every offending field by its path, keys included', () => {
    expect(
      controlCharacterViolations({
        name: 'evil\u0000',
        items: [{ title: 'ok' }, { title: 'two\nlines' }],
        'bad\u0001key': 'x',
      }),
    ).toEqual([
      { field: 'name', message: 'must not contain control characters' },
      { field: 'items.1.title', message: 'must not contain control characters' },
      { field: 'bad\u0001key', message: 'must not have control characters in its name' },
    ]);
    expect(controlCharacterViolations('\u0000')).toEqual([
      { field: '(body)', message: 'must not contain control characters' },
    ]);
  });

  it('allows line breaks under multi-line fields (a pasted key file, a password), never NUL', () => {
    const key = { private_key: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n' };
    expect(controlCharacterViolations({ serviceAccountKey: key })).toEqual([]);
    expect(controlCharacterViolations({ key_json: JSON.stringify(key, null, 2) })).toEqual([]);
    expect(controlCharacterViolations({ password: 'tab\there' })).toEqual([]);
    expect(controlCharacterViolations({ serviceAccountKey: { x: 'a\u0000' } })).toEqual([
      { field: 'serviceAccountKey.x', message: 'must not contain control characters' },
    ]);
  });
});
