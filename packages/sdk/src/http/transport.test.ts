import { describe, expect, it } from 'vitest';
import { SafenetClient } from '../client.js';
import { problem, startHttpStub } from '../testing/http-stub.js';
import { SafenetApiError } from './errors.js';
import { sleep } from './retry.js';

const ORG = '0190a5a0-0000-7000-8000-000000000001';
const SEGMENT = '0190a5a0-0000-7000-8000-000000000002';
const KEY = 'sn_test_parents_association';

const CONTACT = { orgId: ORG, role: 'parent', language: 'kk' } as const;

function client(url: string, options: { retries?: number; timeoutMs?: number } = {}) {
  return new SafenetClient({ baseUrl: url, apiKey: KEY, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<SafenetApiError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SafenetApiError);
  return error as SafenetApiError;
}

describe('requests', () => {
  it('sends the method, path, query, bearer key and JSON body', async () => {
    await using hub = await startHttpStub(() => ({
      status: 200,
      body: { items: [], nextCursor: null },
    }));
    await client(hub.url).contacts.list({ orgId: ORG, limit: 20 });
    await client(hub.url).contacts.create(CONTACT);

    const [list, create] = hub.requests;
    expect(list).toMatchObject({
      method: 'GET',
      path: '/v1/contacts',
      query: { orgId: ORG, limit: '20' },
      body: undefined,
    });
    expect(list?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(list?.headers['idempotency-key']).toBeUndefined();
    expect(create).toMatchObject({ method: 'POST', path: '/v1/contacts', body: CONTACT });
    expect(create?.headers['content-type']).toBe('application/json');
    expect(create?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a path prefix of the base URL and encodes ids as one path segment', async () => {
    await using hub = await startHttpStub(() => ({ status: 200, body: {} }));
    await client(`${hub.url}/safenet/`).contacts.get('a/b?c');
    expect(hub.requests[0]?.path).toBe('/safenet/v1/contacts/a%2Fb%3Fc');
  });

  it('uses the caller’s Idempotency-Key and a fresh one per call otherwise', async () => {
    await using hub = await startHttpStub(() => ({ status: 201, body: {} }));
    const api = client(hub.url);
    await api.contacts.create(CONTACT, { idempotencyKey: 'safe-internet-2017/contact-1' });
    await api.contacts.create(CONTACT);
    await api.contacts.create(CONTACT);
    const keys = hub.requests.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toBe('safe-internet-2017/contact-1');
    expect(keys[1]).not.toBe(keys[2]);
  });

  it('resolves to undefined on 204', async () => {
    await using hub = await startHttpStub(() => ({ status: 204 }));
    await expect(client(hub.url).contacts.delete(ORG)).resolves.toBeUndefined();
    expect(hub.requests[0]).toMatchObject({ method: 'DELETE', path: `/v1/contacts/${ORG}` });
  });
});

describe('errors', () => {
  it('turns problem+json into a SafenetApiError with code, field errors and request id', async () => {
    const errors = [
      { path: 'body.addresses.phone', code: 'invalid_phone_number', message: 'not a number' },
    ];
    await using hub = await startHttpStub(() => ({
      ...problem('invalid_phone_number', 400, false, { detail: '"+7 701" is not valid', errors }),
      headers: { 'request-id': 'req-42' },
    }));
    const error = await rejection(client(hub.url).contacts.create(CONTACT));
    expect(error).toMatchObject({
      name: 'SafenetApiError',
      code: 'invalid_phone_number',
      status: 400,
      retryable: false,
      detail: '"+7 701" is not valid',
      message: '"+7 701" is not valid',
      requestId: 'req-42',
      errors,
    });
  });

  it('still gives a useful error for a body that is not problem+json', async () => {
    await using hub = await startHttpStub(() => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad Gateway from nginx</html>',
    }));
    const error = await rejection(client(hub.url).segments.get(SEGMENT));
    expect(error.code).toBe('internal_error');
    expect(error.status).toBe(502);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Bad Gateway from nginx');
    expect(hub.requests).toHaveLength(1);
  });

  it('maps a bare 401 to unauthenticated', async () => {
    await using hub = await startHttpStub(() => ({ status: 401 }));
    const error = await rejection(client(hub.url).campaigns.list());
    expect(error).toMatchObject({ code: 'unauthenticated', status: 401 });
  });
});

describe('retries', () => {
  it.each([
    ['PATCH', (api: SafenetClient) => api.contacts.update(ORG, { displayName: 'Aigerim' })],
    ['DELETE', (api: SafenetClient) => api.contacts.delete(ORG)],
  ] as const)(
    'retries a %s with one Idempotency-Key, so the hub replays it',
    async (method, call) => {
      await using hub = await startHttpStub((_, index) =>
        index < 1 ? problem('store_unavailable', 503, true) : { status: 204 },
      );
      await call(client(hub.url));
      expect(hub.requests.map((request) => request.method)).toEqual([method, method]);
      const keys = new Set(hub.requests.map((request) => request.headers['idempotency-key']));
      expect(keys.size).toBe(1);
      expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('sends the caller’s Idempotency-Key on PATCH and DELETE', async () => {
    await using hub = await startHttpStub(() => ({ status: 204 }));
    const api = client(hub.url);
    await api.recommendations.update(ORG, { topic: 'grooming' }, { idempotencyKey: 'patch-1' });
    await api.segments.delete(SEGMENT, { idempotencyKey: 'delete-1' });
    await api.apiKeys.revoke(ORG, { idempotencyKey: 'revoke-1' });
    expect(hub.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'patch-1',
      'delete-1',
      'revoke-1',
    ]);
  });

  it('retries a retryable 503 with the same Idempotency-Key, then succeeds', async () => {
    await using hub = await startHttpStub((_, index) =>
      index < 2 ? problem('store_unavailable', 503, true) : { status: 202, body: { id: 'b1' } },
    );
    const broadcast = await client(hub.url).broadcasts.create({
      orgId: ORG,
      segmentId: SEGMENT,
      channels: ['whatsapp', 'sms', 'email'],
      content: {
        body: {
          kk: 'Интернетте қалай қауіпсіз болуға болады',
          ru: 'Как оставаться в безопасности в Интернете',
        },
      },
    });
    expect(broadcast).toEqual({ id: 'b1' });
    expect(hub.requests).toHaveLength(3);
    const keys = new Set(hub.requests.map((request) => request.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives up after the configured retries with the last error', async () => {
    await using hub = await startHttpStub(() => problem('idempotency_in_progress', 409, true));
    const error = await rejection(client(hub.url, { retries: 1 }).contacts.create(CONTACT));
    expect(error.code).toBe('idempotency_in_progress');
    expect(hub.requests).toHaveLength(2);
  });

  it('does not retry a 4xx that is not retryable', async () => {
    await using hub = await startHttpStub(() => problem('idempotency_key_reused', 422, false));
    const error = await rejection(client(hub.url).contacts.create(CONTACT));
    expect(error.code).toBe('idempotency_key_reused');
    expect(hub.requests).toHaveLength(1);
  });

  it('retries 429 with Retry-After even when the body says not retryable', async () => {
    await using hub = await startHttpStub((_, index) =>
      index === 0
        ? { ...problem('rate_limited', 429, false), headers: { 'retry-after': '0' } }
        : { status: 200, body: { items: [], nextCursor: null } },
    );
    await client(hub.url).outbox.list();
    expect(hub.requests).toHaveLength(2);
  });

  it('does not wait for a Retry-After longer than a minute', async () => {
    await using hub = await startHttpStub(() => ({
      ...problem('rate_limited', 429, true),
      headers: { 'retry-after': '3600' },
    }));
    const error = await rejection(client(hub.url).outbox.list());
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 3600 });
    expect(hub.requests).toHaveLength(1);
  });

  it('retries network errors and reports network_error', async () => {
    let calls = 0;
    const api = new SafenetClient({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: KEY,
      fetch: () => {
        calls++;
        return Promise.reject(new TypeError('fetch failed'));
      },
    });
    const error = await rejection(api.organisations.list());
    expect(error).toMatchObject({ code: 'network_error', status: 0, retryable: true });
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(calls).toBe(3);
  });
});

describe('timeouts and aborts', () => {
  it('fails with timeout when the hub does not answer in time', async () => {
    // The hub never answers: only the client's own timeout can end the request.
    await using hub = await startHttpStub(() => ({ status: 200, hang: true }));
    const error = await rejection(
      client(hub.url, { timeoutMs: 100, retries: 0 }).contacts.get(ORG),
    );
    expect(error).toMatchObject({ code: 'timeout', status: 0, retryable: true });
    expect(hub.requests).toHaveLength(1);
  });

  it('gives an upload as long as the hub takes to read it, whatever the client’s timeoutMs', async () => {
    // The hub answers an import's upload once every row is staged: here, only after the
    // client's timeout (50 ms, set before the test's 200 ms) has passed.
    let release!: () => void;
    const staged = new Promise<void>((resolve) => {
      release = resolve;
    });
    await using hub = await startHttpStub(() => ({
      status: 202,
      body: { id: ORG },
      until: staged,
    }));
    const upload = client(hub.url, { timeoutMs: 50, retries: 0 }).contactImports.start(
      new Blob(['phone\n+77011234567\n']),
      {
        fileName: 'parents.csv',
        consent: { basis: 'consent', channels: ['sms'], source: 'parent meeting' },
      },
    );
    await sleep(200);
    release();
    await expect(upload).resolves.toEqual({ id: ORG });
    expect(hub.requests).toHaveLength(1);
  });

  it('rejects with the caller’s abort reason and does not retry', async () => {
    const controller = new AbortController();
    // The caller gives up once the hub has the request, which it never answers.
    await using hub = await startHttpStub(() => {
      controller.abort(new Error('user left the page'));
      return { status: 200, hang: true };
    });
    const pending = client(hub.url).contacts.get(ORG, { signal: controller.signal });
    await expect(pending).rejects.toThrow('user left the page');
    expect(hub.requests).toHaveLength(1);
  });
});
