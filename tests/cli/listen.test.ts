/**
 * `safenet listen`: the hub's stream tailed by the built binary, filtered, printed one line per
 * event, and forwarded to a local receiver — whose failures are reported without stopping.
 */
import type { EventOf } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { type CliHub, cliEnv, runCli, spawnCli, startCliHub } from './cli-harness.js';

let hub: CliHub;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  hub = await startCliHub();
  env = cliEnv(hub.home.path, hub.adminEnv);
});

afterAll(async () => {
  await hub?.[Symbol.asyncDispose]();
});

/** Sends the demo memo to Kazakh and Russian parents; resolves with the broadcast's id. */
async function sendMemo(): Promise<{ id: string; orgId: string }> {
  const segment = await hub.client.segments.get(hub.th.seed.segmentIds.kazakhAndRussianParents);
  const broadcast = await hub.client.broadcasts.create({
    orgId: segment.orgId,
    segmentId: segment.id,
    channels: ['email', 'sms'],
    content: { recommendationId: hub.th.seed.recommendationIds[0]! },
    variables: { hotline: '111' },
  });
  return { id: broadcast.id, orgId: broadcast.orgId };
}

describe('safenet listen', () => {
  it('prints JSON lines of the chosen type and forwards each, reporting a failed forward', async () => {
    let answered = 0;
    // The receiver fails the first event, then takes the rest.
    await using receiver = await startWebhookReceiver(() => ({
      status: answered++ === 0 ? 500 : 204,
    }));
    const listen = spawnCli(
      [
        'listen',
        '--type',
        'broadcast.progress',
        '--forward-to',
        `${receiver.url}/events`,
        '-o',
        'json',
      ],
      { env },
    );
    await listen.waitFor(/Listening to broadcast\.progress/);
    const { id } = await sendMemo();
    // The data's keys come in the hub's order: look for both, wherever they are in the line.
    await listen.waitFor(
      new RegExp(`^(?=.*"broadcastId":"${id}")(?=.*"status":"completed").*$`, 'm'),
      'stdout',
    );
    await expect
      .poll(() => receiver.received.length)
      .toBe(listen.stdout.trimEnd().split('\n').length);
    listen.child.kill('SIGINT');
    const result = await listen.result;
    expect(result.code, result.stderr).toBe(0);

    const printed = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EventOf<'broadcast.progress'>);
    expect(printed.every((event) => event.type === 'broadcast.progress')).toBe(true);
    expect(printed.map((event) => event.data.broadcastId)).toContain(id);

    // Every printed event was posted, in order, as its JSON, with its id and type in headers.
    expect(receiver.received.map((request) => JSON.parse(request.body))).toEqual(printed);
    expect(receiver.received[0]!.path).toBe('/events');
    expect(receiver.received[0]!.headers['content-type']).toBe('application/json');
    expect(receiver.received[0]!.headers['safenet-event-id']).toBe(printed[0]!.id);
    expect(receiver.received[0]!.headers['safenet-event-type']).toBe('broadcast.progress');
    // The first failed; listening went on.
    expect(result.stderr).toContain(
      `forward: event ${printed[0]!.id} (broadcast.progress) to ${receiver.url}/events failed: HTTP 500`,
    );
    expect(receiver.received.slice(1).every((request) => request.status === 204)).toBe(true);
  });

  it('reports an unreachable receiver and keeps listening; --count and --org stop and filter', async () => {
    const segment = await hub.client.segments.get(hub.th.seed.segmentIds.kazakhAndRussianParents);
    const listen = spawnCli(
      [
        'listen',
        '--type',
        'delivery.updated,broadcast.progress',
        '--org',
        segment.orgId,
        '--forward-to',
        'http://127.0.0.1:9/events',
        '--count',
        '3',
        '-o',
        'json',
      ],
      { env },
    );
    await listen.waitFor(/Listening to delivery\.updated, broadcast\.progress of /);
    await sendMemo();
    const result = await listen.result;
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EventOf<'delivery.updated' | 'broadcast.progress'>);
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(['delivery.updated', 'broadcast.progress']).toContain(event.type);
      expect(event.orgId).toBe(segment.orgId);
    }
    expect(
      result.stderr.match(
        /forward: event \S+ \(\S+\) to http:\/\/127\.0\.0\.1:9\/events failed: /g,
      ),
    ).toHaveLength(3);
  });

  it('prints an aligned line per event as a table', async () => {
    const listen = spawnCli(
      ['listen', '--type', 'broadcast.progress', '--count', '1', '-o', 'table'],
      {
        env,
      },
    );
    await listen.waitFor(/Listening to/);
    await sendMemo();
    const result = await listen.result;
    // The first progress event may be of an earlier test's broadcast, still sending.
    expect(result.stdout).toMatch(
      /^\d{4}-\d\d-\d\dT\S+ {2}broadcast\.progress +broadcast [0-9a-f-]{36} \w+, \d+ deliveries/,
    );
  });

  it('prints CSV rows after one header', async () => {
    // A fast broadcast may send a single progress event: delivery events are one per delivery.
    const listen = spawnCli(['listen', '--type', 'delivery.updated', '--count', '2', '-o', 'csv'], {
      env,
    });
    await listen.waitFor(/Listening to/);
    await sendMemo();
    const result = await listen.result;
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toBe('id,at,type,orgId,data');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\d+,\S+,delivery\.updated,[0-9a-f-]{36},"\{"".*""deliveryId""/);
  });

  it('refuses an unknown type (2) and a bad key (4)', async () => {
    const unknown = await runCli(['listen', '--type', 'nope'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown event type nope');
    const badKey = await runCli(['listen'], {
      env: cliEnv(hub.home.path, { SAFENET_URL: hub.url, SAFENET_API_KEY: 'sn_wrong' }),
    });
    expect(badKey.code).toBe(4);
    expect(badKey.stderr).toMatch(/^error: unauthenticated: /m);
  });
});
