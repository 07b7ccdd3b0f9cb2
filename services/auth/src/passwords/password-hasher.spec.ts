import argon2 from 'argon2';
import { HashGate } from './hash-gate';
import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const gate = new HashGate({ concurrency: 1, queue: 0, maxWaitMs: 20_000 });
  const hasher = new PasswordHasher(gate);

  it('hashes with argon2id at m=12 MiB, t=3, p=1 (an OWASP option)', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
    expect(hash).not.toContain('correct horse');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery');
    await expect(hasher.verify(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'wrong horse battery')).resolves.toBe(false);
  });

  it('still verifies a hash made with the earlier parameters (m=46 MiB, t=1) and asks to rehash it', async () => {
    const earlier = await argon2.hash('correct horse battery', {
      type: argon2.argon2id,
      memoryCost: 47_104,
      timeCost: 1,
      parallelism: 1,
    });
    await expect(hasher.verify(earlier, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(earlier, 'wrong horse battery')).resolves.toBe(false);
    expect(hasher.needsRehash(earlier)).toBe(true);
  });

  it("does not ask to rehash a hash made with today's parameters", async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('refuses when there is no hash, after doing the same work', async () => {
    await expect(hasher.verify(null, 'anything at all')).resolves.toBe(false);
  });

  it('hashes and verifies through the gate: a full gate refuses with auth.busy', async () => {
    const hash = await hasher.hash('correct horse battery');
    const running = hasher.verify(hash, 'correct horse battery');
    expect(gate.inFlight).toBe(1);
    await expect(hasher.hash('another one')).rejects.toMatchObject({
      status: 503,
      code: 'auth.busy',
    });
    await expect(hasher.verify(hash, 'x')).rejects.toMatchObject({ code: 'auth.busy' });
    await expect(running).resolves.toBe(true);
    expect(gate.inFlight).toBe(0);
  });

  it('runs the decoy verification for an unknown user through the gate too', async () => {
    await hasher.verify(null, 'warm the decoy');
    const running = hasher.verify(null, 'anything at all');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(gate.inFlight).toBe(1);
    await expect(hasher.verify(null, 'second')).rejects.toMatchObject({ code: 'auth.busy' });
    await expect(running).resolves.toBe(false);
  });
});
