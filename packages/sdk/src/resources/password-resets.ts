import type { PasswordResetComplete, PasswordResetRequest } from '@safenet/core';
import type { PostOptions } from '../http/options.js';
import type { Transport } from '../http/transport.js';

/**
 * Password resets (public): ask for a link by email, then set a new password with its token.
 *
 * @example
 * await client.passwordResets.request({ email });
 * await client.passwordResets.complete({ token: new URL(location.href).searchParams.get('token')!, password });
 */
export class PasswordResets {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** Emails a reset link if the address has an account; resolves alike either way. */
  async request(input: PasswordResetRequest, options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'POST', path: '/v1/password-resets', body: input }, options);
  }

  /** Sets the new password; every session of the account ends. */
  async complete(input: PasswordResetComplete, options?: PostOptions): Promise<void> {
    await this.#http.request(
      { method: 'POST', path: '/v1/password-resets/complete', body: input },
      options,
    );
  }
}
