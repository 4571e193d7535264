import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './passwords.js';

// The lowest cost the configuration allows: the format and checks are the same at any cost.
const hasher = new PasswordHasher({ N: 2 ** 14, r: 8, p: 1 });

describe('PasswordHasher', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hasher.hash('Қауіпсіз интернет 2017');
    expect(await hasher.verify('Қауіпсіз интернет 2017', stored)).toBe(true);
    expect(await hasher.verify('Қауіпсіз интернет 2018', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('stores the parameters and a salt of its own with each hash, never the password', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(a).toMatch(/^\$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same password');
  });

  it('treats composed and decomposed letters as the same password', async () => {
    const composed = 'Nguyễn Bình Khiêm'.normalize('NFC');
    const stored = await hasher.hash(composed);
    expect(await hasher.verify(composed.normalize('NFD'), stored)).toBe(true);
  });

  it('verifies hashes made with other parameters, and calls weaker ones outdated', async () => {
    const stronger = new PasswordHasher({ N: 2 ** 15, r: 8, p: 1 });
    const old = await hasher.hash('raise the cost later');
    expect(await stronger.verify('raise the cost later', old)).toBe(true);
    expect(stronger.outdated(old)).toBe(true);
    expect(hasher.outdated(old)).toBe(false);
    expect(hasher.outdated(await stronger.hash('x'.repeat(10)))).toBe(false);
  });

  it('refuses malformed hashes without throwing', async () => {
    for (const stored of ['', 'plain text', '$scrypt$ln=14,r=8,p=1$$', '$argon2id$v=19$x$y']) {
      expect(await hasher.verify('password', stored), stored).toBe(false);
      expect(hasher.outdated(stored)).toBe(true);
    }
  });

  it('fails for nobody, whatever the password', async () => {
    expect(await hasher.verifyNobody('anything at all')).toBe(false);
  });
});
