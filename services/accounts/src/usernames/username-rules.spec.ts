import {
  usernameBaseFromEmail,
  usernameCandidate,
  usernameProblem,
  USERNAME_MAX,
} from './username-rules';

describe('username rules', () => {
  it.each([
    ['ab', 'too_short'],
    ['a'.repeat(31), 'too_long'],
    ['1abc', 'must_start_with_letter'],
    ['_abc', 'must_start_with_letter'],
    ['ab.c', 'invalid_characters'],
    ['abé', 'invalid_characters'],
    ['ab c', 'invalid_characters'],
    ['admin', 'reserved'],
    ['support', 'reserved'],
    ['me', 'too_short'],
  ])('refuses %j (%s)', (name, problem) => {
    expect(usernameProblem(name)).toBe(problem);
  });

  it.each(['abc', 'a'.repeat(30), 'data_team-2', 'x9-_'])('accepts %j', (name) => {
    expect(usernameProblem(name)).toBeNull();
  });

  it('derives a valid base from any email local part', () => {
    expect(usernameBaseFromEmail('Jane.Doe+work@example.com')).toBe('jane_doe');
    expect(usernameBaseFromEmail('42@example.com')).toBe('user42');
    expect(usernameBaseFromEmail('a@example.com')).toBe('usera');
    expect(usernameBaseFromEmail(`${'x'.repeat(60)}@example.com`)).toHaveLength(USERNAME_MAX);
    expect(usernameProblem(usernameBaseFromEmail('élan.vital@example.com'))).toBeNull();
  });

  it('makes suffixed candidates that stay valid and within the length', () => {
    const base = 'y'.repeat(USERNAME_MAX);
    for (let attempt = 1; attempt < 30; attempt++) {
      const candidate = usernameCandidate(base, attempt);
      expect(usernameProblem(candidate)).toBeNull();
      expect(candidate).toMatch(/^y+-\d+$/);
    }
    expect(usernameCandidate('alice', 0)).toBe('alice');
  });
});
