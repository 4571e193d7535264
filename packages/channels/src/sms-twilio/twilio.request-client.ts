import twilio from 'twilio';
import { parseRetryAfter } from './twilio.errors.js';

// The library's namespaced option types are not reachable through its default export.
type RequestOptions = Parameters<twilio.RequestClient['request']>[0];
type ClientOptions = NonNullable<ConstructorParameters<typeof twilio.RequestClient>[0]>;
type Response<TData> = Awaited<ReturnType<twilio.RequestClient['request']>> & { body: TData };

/**
 * The twilio library's HTTP client with two changes: requests go to `apiBaseUrl` (a local
 * test server) instead of Twilio's hosts when it is not Twilio's own, and an error answer
 * is thrown here as the library's `RestException` plus the `retryAfterSeconds` read from
 * Retry-After — the library itself drops response headers, so a 429's hint would be lost.
 * Auto-retry stays off: the hub owns retries and pacing.
 */
export class TwilioRequestClient extends twilio.RequestClient {
  readonly #base: URL | undefined;

  constructor(apiBaseUrl: string | undefined, options: ClientOptions) {
    super({ ...options, autoRetry: false });
    this.#base = apiBaseUrl === undefined ? undefined : new URL(apiBaseUrl);
  }

  override async request<TData>(opts: RequestOptions): Promise<Response<TData>> {
    const response = (await super.request({
      ...opts,
      uri: this.#rewrite(opts.uri),
    })) as Response<TData>;
    if (response.statusCode >= 400) {
      const error = new twilio.RestException(response);
      throw Object.assign(error, {
        retryAfterSeconds: parseRetryAfter(headerOf(response.headers, 'retry-after')),
      });
    }
    return response;
  }

  #rewrite(uri: string): string {
    if (!this.#base) return uri;
    const target = new URL(uri);
    const prefix = this.#base.pathname.replace(/\/$/, '');
    return new URL(`${prefix}${target.pathname}${target.search}`, this.#base.origin).toString();
  }
}

function headerOf(headers: unknown, name: string): unknown {
  if (typeof headers !== 'object' || headers === null) return undefined;
  // axios hands over an AxiosHeaders instance, which answers `get`; plain objects do not.
  const withGet = headers as { get?: (name: string) => unknown };
  if (typeof withGet.get === 'function') return withGet.get(name);
  return (headers as Record<string, unknown>)[name];
}
