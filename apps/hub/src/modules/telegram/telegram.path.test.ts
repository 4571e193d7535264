/**
 * The path through the whole hub, on both stores: a teacher sends a link through the
 * Telegram bot in Kazakh (the hub's own webhook, the Bot API's local stand-in) → a critical case
 * in the intake organisation → a `case_critical` alert live on a specialist's stream → nobody
 * acknowledges it, so the escalation sweep texts the on-call specialist by SMS → the specialist
 * acknowledges it over the stream, triages, refers and resolves the case → the teacher is told
 * each new status in Kazakh, in the chat they reported from → every step is on the trail.
 * A photo gets the please-send-a-link answer, a wrong secret token is refused, and nothing of
 * either reaches the cases.
 */
import type { ChannelAdapter, OutgoingMessage } from '@safenet/channels';
import type {
  Alert,
  AlertEscalation,
  CaseAuditTrail,
  CaseDetail,
  CaseSummary,
  InvitationCreated,
  Page,
  StreamEvent,
} from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { DispatchClock } from '../../testing/dispatch-clock.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { createKey, type TestKey } from '../../testing/http-helpers.js';
import { sessionFrom, type TestSession } from '../../testing/session-helpers.js';
import { startTelegramBotApi, type TelegramBotApi } from '../../testing/telegram-bot-api.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { type EscalationDeps, sweepEscalations } from '../alerts/index.js';
import { expandBroadcast, sendUrgentNotice } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import { INTAKE_WORDS } from './intake/intake.words.js';

const TOKEN = '7000000002:AAH-test-token-of-the-cases-bot-4567';
const SECRET = 'cases-webhook-secret-0123456789abcdef';
const ORG_CODE = 'KZ-CRC';
const kk = INTAKE_WORDS.kk;
const TEACHER = { id: 515_151_001, firstName: 'Айгүл', languageCode: 'kk' };
const ON_CALL_PHONE = '+77015550123';
const MINUTE = 60_000;

describe.each(await testBackends())(
  'a Telegram report through the hub on $name',
  ({ database, run }) => {
    let th: TestHub;
    let api: TelegramBotApi;
    let webhook: string;
    let specialist: TestSession;
    let dashboard: TestKey;
    let streamUrl: string;
    let dispatch: TestDispatchDeps;
    let escalation: EscalationDeps;
    const clock = new DispatchClock(Date.UTC(2026, 11, 8, 5, 0));
    const texts: OutgoingMessage[] = [];
    const sms: ChannelAdapter = {
      channel: 'sms',
      provider: 'cases-path-test',
      async send(message: OutgoingMessage) {
        texts.push(message);
        return { status: 'sent', providerMessageId: message.deliveryId };
      },
    };

    const send = async (content: Parameters<TelegramBotApi['update']>[3], secret = SECRET) =>
      api.update(webhook, secret, TEACHER, content);
    const ok = async <T>(
      method: 'GET' | 'POST',
      url: string,
      headers: object,
      payload?: object,
    ) => {
      const res = await th.hub.app.inject({
        method,
        url,
        headers: headers as Record<string, string>,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json<T>();
    };

    beforeAll(async () => {
      if (!run) return;
      api = await startTelegramBotApi(TOKEN);
      th = await startTestHub({
        database,
        workers: false,
        now: clock.now,
        env: {
          SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
          SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
          SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
          SAFENET_TELEGRAM_INTAKE_ORG: ORG_CODE,
        },
      });
      await sql`update organisations set code = ${ORG_CODE} where id = ${th.seed.ministryId}`.execute(
        th.hub.db,
      );
      const base = await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      webhook = `${base}/v1/telegram/webhook`;
      streamUrl = `${base.replace('http', 'ws')}/v1/stream`;
      const dispatchBase = await testDispatchDeps(th, { now: clock.now });
      dispatch = { ...dispatchBase, channels: overrideAdapter(dispatchBase.channels, sms) };
      escalation = {
        db: share(th.hub.db),
        bus: th.hub.bus,
        now: clock.now,
        orgPathOf: createOrgPathCache(th.hub.db),
        publicUrl: 'https://console.safenet.test',
        notify: (trx, message) => sendUrgentNotice(th.hub.boss, trx, message),
      };
      // The committee's on-call specialist, reached by SMS in Kazakh.
      const contact = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/contacts/bulk',
        headers: th.auth,
        payload: {
          contacts: [
            {
              orgId: th.seed.ministryId,
              externalRef: 'on-call-specialist',
              role: 'specialist',
              language: 'kk',
              timeZone: 'Asia/Almaty',
              addresses: { phone: ON_CALL_PHONE },
              consents: {
                sms: { status: 'granted', source: 'staff form', at: '2026-09-01T09:00:00Z' },
              },
            },
          ],
        },
      });
      expect(contact.statusCode, contact.body).toBeLessThan(300);
      dashboard = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['read', 'cases']);
      const invited = await ok<InvitationCreated>('POST', '/v1/invitations', th.auth, {
        email: 'specialist.committee@example.org',
        orgId: th.seed.ministryId,
        role: 'specialist',
        language: 'kk',
      });
      specialist = sessionFrom(
        await th.hub.app.inject({
          method: 'POST',
          url: '/v1/invitations/accept',
          payload: {
            token: new URL(invited.link).searchParams.get('token'),
            name: 'Committee specialist',
            password: 'a long enough passphrase',
          },
        }),
      );
    });
    afterAll(async () => {
      await dispatch?.progress.close();
      await th?.close();
      await api?.close();
    });

    it.runIf(run)(
      'takes the report in Kazakh, alerts, and tells the teacher each status',
      async () => {
        // A wrong secret token: refused, and the bot says nothing.
        const refused = await send({ text: '/start' }, 'not-the-secret-token-at-all');
        expect(refused.status).toBe(401);
        expect(api.textsTo(TEACHER.id)).toEqual([]);
        // A photo: asked for the link instead; nothing is fetched or kept.
        await send({ photo: true, caption: 'қараңыз' });
        expect(api.textsTo(TEACHER.id)).toEqual([kk.fileRefused]);
        expect(api.callsOf('getFile')).toEqual([]);

        await send({ text: '/start' });
        await send({ text: 'https://www.tiktok.com/@user/video/9001?is_from_webapp=1' });
        await send({ callbackData: 'cat:grooming' });
        await send({ callbackData: 'plat:tiktok' });
        await send({ text: 'Ересек адам балаларға жеке хабар жазуды ұсынады' });
        await send({ callbackData: 'fb:yes' });
        // The specialists' dashboard is on the stream when the report is sent.
        const socket = new WebSocket(streamUrl, { headers: dashboard.headers });
        await new Promise((resolve) => socket.once('open', resolve));
        const arrived = nextEvent(
          socket,
          (e) => e.type === 'alert' && e.data.code === 'case_critical',
        );
        await send({ callbackData: 'send' });
        const sent = api.textsTo(TEACHER.id).at(-1) ?? '';
        const reference = /R-\d{4}-\d{6}/.exec(sent)?.[0] as string;
        expect(sent).toBe(kk.sent(reference));

        // One critical case at the committee, canonical link, and its alert.
        const cases = await ok<Page<CaseSummary>>('GET', '/v1/cases', specialist.cookie);
        expect(cases.items).toHaveLength(1);
        const kase = cases.items[0] as CaseSummary;
        expect(kase).toMatchObject({
          orgId: th.seed.ministryId,
          severity: 'critical',
          state: 'new',
        });
        const url = `/v1/cases/${kase.id}`;
        const detail = await ok<CaseDetail>('GET', url, specialist.cookie);
        expect(detail.reports[0]).toMatchObject({ reference, source: 'telegram', language: 'kk' });
        expect(detail.links.map((l) => l.url)).toEqual(['https://www.tiktok.com/@user/video/9001']);
        expect(JSON.stringify(detail)).not.toContain(String(TEACHER.id));
        // Nothing of the photo anywhere in the cases.
        const stored = await sql`select * from case_reports`.execute(th.hub.db);
        expect(JSON.stringify(stored.rows)).not.toMatch(/қараңыз|AgAC/);
        const [alert] = (
          await ok<Page<Alert>>('GET', '/v1/alerts?code=case_critical', specialist.cookie)
        ).items;
        expect(alert?.subject).toEqual({ type: 'case', id: kase.id });

        const live = await arrived;
        expect(live.type === 'alert' && live.data.alertId).toBe(alert?.id);

        // Nobody acknowledges: the sweep texts the on-call specialist, urgently, in Kazakh.
        expect(await sweepEscalations(escalation)).toBe(1);
        const [step] = (
          await ok<{ items: AlertEscalation[] }>(
            'GET',
            `/v1/alerts/${alert?.id}/escalations`,
            th.auth,
          )
        ).items;
        await expandBroadcast(dispatch.expand, step?.broadcastId as string);
        await drainSendQueues(dispatch);
        expect(texts.map((t) => [t.to, t.language])).toEqual([[ON_CALL_PHONE, 'kk']]);
        expect(texts[0]?.body).toContain(kase.number);

        // The specialist acknowledges it over the stream (`cases` does; no `write` needed).
        socket.send(
          JSON.stringify({ type: 'alert.acknowledge', alertId: alert?.id, requestId: 'a1' }),
        );
        const answer = await nextFrame(socket, (f) => f.requestId === 'a1');
        expect(answer).toMatchObject({
          type: 'alert.acknowledge.result',
          alert: { state: 'acknowledged' },
        });
        socket.close();
        // Acknowledged, it climbs no further.
        clock.advance(30 * MINUTE);
        expect(await sweepEscalations(escalation)).toBe(0);
        await ok('POST', `${url}/transitions`, specialist.headers, { action: 'triage' });
        await ok('POST', `${url}/referrals`, specialist.headers, {
          target: 'police',
          recipient: 'Police cybercrime unit',
          summary: 'The account and its messages to children',
        });
        await ok('POST', `${url}/transitions`, specialist.headers, { action: 'resolve' });

        // The teacher heard each change in Kazakh, with their reference.
        const statuses = api.textsTo(TEACHER.id).filter((t) => t.includes(reference) && t !== sent);
        expect(statuses).toEqual([
          kk.statusChanged(reference, kk.states.in_progress),
          kk.statusChanged(reference, kk.states.referred),
          kk.statusChanged(reference, kk.states.resolved),
        ]);
        // The bot answers /status from the case itself.
        await send({ text: `/status ${reference}` });
        expect(api.textsTo(TEACHER.id).at(-1)).toBe(kk.status(reference, kk.states.resolved));

        // Every step on the trail, the chain intact; the alert resolved with the case.
        const trail = await ok<CaseAuditTrail>('GET', `${url}/audit`, th.auth);
        expect(trail.intact).toBe(true);
        expect(trail.entries.map((e) => e.action)).toEqual([
          'case.opened',
          'report.received',
          'case.read',
          'case.triage',
          'reporters.notified',
          'referral.sent',
          'case.refer',
          'reporters.notified',
          'case.resolve',
          'reporters.notified',
        ]);
        const after = await ok<Alert>('GET', `/v1/alerts/${alert?.id}`, specialist.cookie);
        expect(after.state).toBe('resolved');

        // The teacher asks to be forgotten: the report stays, nothing points to them.
        await send({ text: '/forget' });
        expect(api.textsTo(TEACHER.id).at(-1)).toBe(kk.forgotten(1));
        const erased = await sql<{ reporter_hash: string; feedback: unknown }>`
          select reporter_hash, feedback from case_reports where reference = ${reference}`.execute(
          th.hub.db,
        );
        expect(erased.rows).toEqual([{ reporter_hash: 'erased', feedback: null }]);
        await send({ text: `/status ${reference}` });
        expect(api.textsTo(TEACHER.id).at(-1)).toBe(kk.statusUnknown);
        const forgotten = await ok<CaseAuditTrail>('GET', `${url}/audit`, th.auth);
        expect(forgotten.entries.at(-1)).toMatchObject({ action: 'reporter.erased', actor: null });
        expect(forgotten.intact).toBe(true);
      },
    );
  },
);

/** The first stream event that `match` accepts. */
function nextEvent(
  socket: WebSocket,
  match: (event: StreamEvent) => boolean,
): Promise<StreamEvent> {
  return nextFrame(socket, (frame) =>
    match(frame as unknown as StreamEvent),
  ) as Promise<unknown> as Promise<StreamEvent>;
}

/** The first JSON frame that `match` accepts; fails if the socket closes first. */
function nextFrame(
  socket: WebSocket,
  match: (frame: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (!match(frame)) return;
      socket.off('message', onMessage);
      resolve(frame);
    };
    socket.on('message', onMessage);
    socket.once('close', (code) => reject(new Error(`closed with ${code} before the frame`)));
  });
}
