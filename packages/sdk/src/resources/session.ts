import type { Session as SessionRecord, SignInInput } from '@safenet/core';
import type { PostOptions, RequestOptions } from '../http/options.js';
import type { Transport } from '../http/transport.js';

/**
 * Signing in and out, for a client made with `session: true` in a browser: the hub keeps the
 * session in an httpOnly cookie the browser holds, and the client remembers the CSRF token of
 * the answers, sending it on every write.
 *
 * @example
 * const client = new SafenetClient({ baseUrl: location.origin, session: true });
 * const { user } = await client.session.signIn({ email, password });
 */
export class Session {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** Signs in; the answer's `csrfToken` is kept for the writes that follow. */
  async signIn(input: SignInInput, options?: PostOptions): Promise<SessionRecord> {
    return this.#keep(
      await this.#http.request<SessionRecord>(
        { method: 'POST', path: '/v1/session', body: input },
        options,
      ),
    );
  }

  /** Who is signed in (`unauthenticated` if nobody is), keeping its CSRF token. */
  async current(options?: RequestOptions): Promise<SessionRecord> {
    return this.#keep(
      await this.#http.request<SessionRecord>({ method: 'GET', path: '/v1/session' }, options),
    );
  }

  /** Signs out: the session ends and its cookie is cleared. */
  async signOut(options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: '/v1/session' }, options);
    this.#http.csrfToken = undefined;
  }

  #keep(session: SessionRecord): SessionRecord {
    this.#http.csrfToken = session.csrfToken;
    return session;
  }
}
