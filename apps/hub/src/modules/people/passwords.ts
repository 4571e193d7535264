import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt's cost: `N` (memory and time, a power of two), `r` (block size), `p` (parallelism).
 * Memory is 128 × N × r bytes: 64 MiB at the default N = 2^16, r = 8.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Enough for N up to 2^20 with r = 8 (1 GiB), the most `SAFENET_PASSWORD_SCRYPT_LOG_N` allows. */
const MAX_MEMORY = 1024 * 1024 * 1024 + 64 * 1024 * 1024;

/**
 * Hashes passwords with scrypt, Node's built-in memory-hard function (RFC 7914): no native
 * addon to build, as argon2 would need. Each hash carries its parameters and its own random
 * salt, PHC-style — `$scrypt$ln=16,r=8,p=1$<salt>$<hash>` (base64, no padding) — so the
 * cost can be raised later: hashes made with a lower one still verify, and are made again
 * with the new one at the next sign-in ({@link PasswordHasher.outdated}).
 */
export class PasswordHasher {
  readonly #params: ScryptParams;
  #dummy: Promise<string> | undefined;

  constructor(params: ScryptParams) {
    this.#params = params;
  }

  /** A new hash of `password`, with a new salt. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const { N, r, p } = this.#params;
    const key = await derive(password, salt, this.#params);
    return `$scrypt$ln=${Math.log2(N)},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
  }

  /** Whether `password` matches `stored`, compared in constant time; false for a malformed hash. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed) return false;
    const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }

  /**
   * Takes as long as {@link verify} of a real account and always fails: what sign-in does for
   * an address nobody has, so that the answer's timing does not tell the two apart.
   */
  async verifyNobody(password: string): Promise<false> {
    this.#dummy ??= this.hash(randomBytes(24).toString('base64url'));
    await this.verify(password, await this.#dummy);
    return false;
  }

  /** Whether `stored` was made with weaker parameters than the hasher's (or is not scrypt). */
  outdated(stored: string): boolean {
    const parsed = parse(stored);
    if (!parsed) return true;
    const { N, r, p } = parsed.params;
    return N < this.#params.N || r < this.#params.r || p < this.#params.p;
  }
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const match = PHC.exec(stored);
  if (!match) return undefined;
  const [, ln, r, p, salt, key] = match;
  return {
    params: { N: 2 ** Number(ln), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt as string, 'base64'),
    key: Buffer.from(key as string, 'base64'),
  };
}

function derive(
  password: string,
  salt: Buffer,
  params: ScryptParams,
  length = KEY_LENGTH,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // NFC: the same password typed on two keyboards (composed or not) is the same password.
    scrypt(
      password.normalize('NFC'),
      salt,
      length,
      { ...params, maxmem: MAX_MEMORY },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
