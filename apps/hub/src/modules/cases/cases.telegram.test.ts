/**
 * The path through the whole hub, on both stores: a teacher sends a link through the
 * Telegram bot in Kazakh (the hub's own webhook, the Bot API's local stand-in) → a critical case
 * in the intake organisation → a `case_critical` alert for its specialists → a specialist
 * acknowledges the alert, triages, refers and resolves the case → the teacher is told each new
 * status in Kazakh, in the chat they reported from → every step is on the case's audit trail.
 * A photo gets the please-send-a-link answer, a wrong secret token is refused, and nothing of
 * either reaches the cases.
 */
import type {
  Alert,
  CaseAuditTrail,
  CaseDetail,
  CaseSummary,
  InvitationCreated,
  Page,
} from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFrom, type TestSession } from '../../testing/session-helpers.js';
import { startTelegramBotApi, type TelegramBotApi } from '../../testing/telegram-bot-api.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { hubDb } from '../database.js';
import { INTAKE_WORDS } from '../telegram/intake/intake.words.js';

const TOKEN = '7000000002:AAH-test-token-of-the-cases-bot-4567';
const SECRET = 'cases-webhook-secret-0123456789abcdef';
const ORG_CODE = 'KZ-CRC';
const kk = INTAKE_WORDS.kk;
const TEACHER = { id: 515_151_001, firstName: 'Айгүл', languageCode: 'kk' };

describe.each(await testBackends())(
  'a Telegram report through the hub on $name',
  ({ database, run }) => {
    let th: TestHub;
    let api: TelegramBotApi;
    let webhook: string;
    let specialist: TestSession;

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
        env: {
          SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
          SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
          SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
          SAFENET_TELEGRAM_INTAKE_ORG: ORG_CODE,
        },
      });
      await sql`update organisations set code = ${ORG_CODE} where id = ${th.seed.ministryId}`.execute(
        hubDb(th.hub),
      );
      webhook = `${await th.hub.app.listen({ port: 0, host: '127.0.0.1' })}/v1/telegram/webhook`;
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
        const stored = await sql`select * from case_reports`.execute(hubDb(th.hub));
        expect(JSON.stringify(stored.rows)).not.toMatch(/қараңыз|AgAC/);
        const [alert] = (
          await ok<Page<Alert>>('GET', '/v1/alerts?code=case_critical', specialist.cookie)
        ).items;
        expect(alert?.subject).toEqual({ type: 'case', id: kase.id });

        // The specialist (no `write` scope) acknowledges the alert, then works the case.
        const acknowledged = await ok<Alert>(
          'POST',
          `/v1/alerts/${alert?.id}/acknowledge`,
          specialist.headers,
        );
        expect(acknowledged.state).toBe('acknowledged');
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
      },
    );
  },
);
