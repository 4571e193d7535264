import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import type { Problem } from './errors.plugin.js';

// Over a real socket: inject and some clients refuse methods the wire carries fine.
let th: TestHub;
let port: number;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
  port = (th.hub.app.server.address() as AddressInfo).port;
});
afterAll(() => th?.close());

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        // Node frames a DELETE's or OPTIONS's body only when told its length.
        headers: {
          ...options.headers,
          ...(options.body ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The same checks as `expectProblem`, for an answer read off the socket. */
function problem(answer: RawAnswer, status: number, code: string): Problem {
  return expectProblem(
    {
      statusCode: answer.status,
      headers: answer.headers,
      body: answer.body,
      json: () => JSON.parse(answer.body),
    } as Parameters<typeof expectProblem>[0],
    status,
    code,
  );
}

describe('methods the hub serves nowhere', () => {
  it.each([
    ['QUERY /health without a key', 'QUERY', '/health', {}],
    [
      'QUERY /v1/contacts with a JSON body',
      'QUERY',
      '/v1/contacts',
      { headers: { 'content-type': 'application/json' }, body: '{"orgId":"x"}' },
    ],
    ['QUERY with a body but no content type', 'QUERY', '/v1/contacts', { body: 'abc' }],
    ['TRACE /v1/contacts', 'TRACE', '/v1/contacts', {}],
    ['PROPFIND /v1/contacts', 'PROPFIND', '/v1/contacts', {}],
  ])('answer 501 method_not_implemented: %s', async (_, method, path, options) => {
    const answer = await send(method, path, { ...options });
    const body = problem(answer, 501, 'method_not_implemented');
    expect(body.detail).toMatch(new RegExp(`${method} method; use GET, HEAD, POST`));
  });

  it('answers a method Node itself cannot parse with the same problem', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('FOO /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 501 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as Problem;
    expect(body).toMatchObject({ status: 501, code: 'method_not_implemented' });
    expect(body.detail).toMatch(/the requested method; use GET/);
  });
});

describe('methods a known path does not serve', () => {
  const contact = '/v1/contacts/0190a5a0-0000-7000-8000-000000000001';
  it.each([
    ['PUT', contact, 'DELETE, GET, HEAD, PATCH'],
    ['POST', contact, 'DELETE, GET, HEAD, PATCH'],
    ['DELETE', '/health', 'GET, HEAD'],
    ['PATCH', '/v1/contacts?orgId=x', 'GET, HEAD, POST'],
    ['OPTIONS', '/v1/contacts', 'GET, HEAD, POST'],
    ['POST', '/v1/api-keys/0190a5a0-0000-7000-8000-000000000001', 'DELETE'],
  ])('answer 405 with Allow: %s %s', async (method, path, allow) => {
    const answer = await send(method, path, {
      headers: { ...th.auth, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = problem(answer, 405, 'method_not_allowed');
    expect(answer.headers.allow).toBe(allow);
    expect(body.detail).toContain(allow);
  });

  it('still answers 404 route_not_found to a path nothing serves', async () => {
    problem(await send('GET', '/v1/nothing-here', { headers: th.auth }), 404, 'route_not_found');
    problem(await send('PUT', '/v1/nothing-here', { headers: th.auth }), 404, 'route_not_found');
  });
});
