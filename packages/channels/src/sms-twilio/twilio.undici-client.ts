import twilio from 'twilio';
import { Agent } from 'undici';
import { parseRetryAfter } from './twilio.errors.js';

// The library's namespaced option types are not reachable through its default export.
type RequestOptions = Parameters<twilio.RequestClient['request']>[0];
type Response<TData> = Awaited<ReturnType<twilio.RequestClient['request']>> & { body: TData };

/** How {@link TwilioUndiciClient} reaches the API. */
export interface TwilioUndiciClientOptions {
  /**
   * Where requests go instead of Twilio's hosts (a local test server), path prefix kept;
   * absent: the URL the library built.
   */
  apiBaseUrl?: string | undefined;
  /** Milliseconds to connect, then to the answer's headers, then between body chunks. */
  timeout: number;
  /**
   * Keep-alive connections per host: as many as the caller keeps requests in flight, so none
   * waits in the queue for a socket and none is opened and closed per request.
   */
  connections: number;
}

/**
 * The twilio library's HTTP transport on undici instead of axios. The library still builds
 * every request (URL, form fields, User-Agent, Basic auth from the account credentials or
 * its auth strategy) and reads every answer; only the bytes on the wire go through undici,
 * which costs a fraction of axios per request (`bench/twilio-client.bench.ts`).
 *
 * Like the adapter's transport before it, an error answer is thrown here as the library's
 * `RestException` plus the `retryAfterSeconds` read from Retry-After: the library itself
 * drops response headers, so a 429's hint would be lost. Nothing is retried here (the hub
 * owns retries and pacing) and redirects are not followed (the library follows none
 * unless asked, and the Messages API sends none).
 *
 * @example
 * const httpClient = new TwilioUndiciClient({ timeout: 15_000, connections: 100 });
 * const client = twilio(accountSid, authToken, { httpClient });
 */
export class TwilioUndiciClient extends twilio.RequestClient {
  readonly #agent: Agent;
  readonly #base: URL | undefined;

  constructor(options: TwilioUndiciClientOptions) {
    // The base class also builds an axios instance and an https.Agent, once; neither is used.
    super({ timeout: options.timeout, autoRetry: false });
    this.#base = options.apiBaseUrl === undefined ? undefined : new URL(options.apiBaseUrl);
    this.#agent = new Agent({
      connections: options.connections,
      connect: { timeout: options.timeout },
      headersTimeout: options.timeout,
      bodyTimeout: options.timeout,
    });
  }

  override async request<TData>(opts: RequestOptions): Promise<Response<TData>> {
    const target = this.#target(opts.uri, opts.params);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      // undici keeps connections alive itself and refuses some hop-by-hop headers.
      if (name.toLowerCase() !== 'connection') headers[name] = value;
    }
    if (opts.username && opts.password) {
      headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    } else if (opts.authStrategy) {
      headers.Authorization = await opts.authStrategy.getAuthString();
    }
    const timeout = opts.timeout ?? this.defaultTimeout;
    const answer = await this.#agent.request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: opts.method.toUpperCase() as 'POST',
      headers,
      body: encodeBody(opts.data, headers['Content-Type']),
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    // The library parses a string body itself (Version.create, RestException), once.
    const response = {
      statusCode: answer.statusCode,
      body: (await answer.body.text()) as TData,
      headers: answer.headers,
    };
    if (response.statusCode >= 400) {
      const error = new twilio.RestException(response);
      throw Object.assign(error, {
        retryAfterSeconds: parseRetryAfter(answer.headers['retry-after']),
      });
    }
    return response;
  }

  /** Closes the kept-alive connections once the requests in flight have their answers. */
  close(): Promise<void> {
    return this.#agent.close();
  }

  #target(uri: string, params: object | undefined): URL {
    const target = new URL(uri);
    if (params) {
      for (const [name, value] of formEntries(params)) target.searchParams.append(name, value);
    }
    if (!this.#base) return target;
    const prefix = this.#base.pathname.replace(/\/$/, '');
    return new URL(`${prefix}${target.pathname}${target.search}`, this.#base.origin);
  }
}

/** The request body as the library's own client sends it: a form, or JSON passed through. */
function encodeBody(data: unknown, contentType: string | undefined): string | undefined {
  if (data === undefined || data === null) return undefined;
  if (contentType === 'application/json') return JSON.stringify(data);
  if (contentType !== 'application/x-www-form-urlencoded') return undefined;
  return new URLSearchParams(formEntries(data)).toString();
}

/**
 * Form fields as the library's client writes them (`qs` with `arrayFormat: 'repeat'`): an
 * array repeats its field (`MediaUrl=a&MediaUrl=b`), undefined is left out, null is empty.
 */
function formEntries(data: object): [string, string][] {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(data)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) entries.push([name, item === null ? '' : String(item)]);
    }
  }
  return entries;
}
