import { PassThrough } from 'node:stream';
import { SafenetError } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { buildServer } from '../../server.js';
import { startTelegramBotApi, type TelegramBotApi } from '../../testing/telegram-bot-api.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import type { IntakeReport, ReporterIdentity, ReportStatus } from '../cases/index.js';
import { INTAKE_WORDS } from './intake/intake.words.js';
import { createTelegramModule, type TelegramModule } from './telegram.module.js';
import { moduleParts } from './telegram.test-support.js';

const TOKEN = '7000000001:AAH-test-token-of-the-stand-in-bot-123';
const SECRET = 'webhook-secret-of-this-hub-0123456789';
const ORG_CODE = 'KZ-CRC-INTAKE';
const DAY_MS = 24 * 60 * 60 * 1000;
const kk = INTAKE_WORDS.kk;

/** A Kazakh-speaking teacher, and someone else. */
const AIGUL = { id: 424_242_001, firstName: 'Айгүл', languageCode: 'kk' };
const OTHER = { id: 424_242_999, firstName: 'Other', languageCode: 'kk' };

describe.each(await testBackends())('the Telegram bot on $name', ({ database, run }) => {
  let th: TestHub;
  let api: TelegramBotApi;
  let app: FastifyInstance;
  let telegram: TelegramModule;
  let webhook: string;
  let clock = Date.parse('2026-04-12T09:00:00Z');
  const submitted: IntakeReport[] = [];
  const forgotten: ReporterIdentity[] = [];
  const statuses = new Map<string, { userId: number; status: ReportStatus }>();
  const logs: string[] = [];
  const warnings: string[] = [];
  let submitGate: Promise<void> | undefined;

  const rows = () =>
    sql<Record<string, unknown>>`select * from telegram_intake`
      .execute(th.hub.db)
      .then((r) => r.rows);
  const send = (from: typeof AIGUL, content: Parameters<TelegramBotApi['update']>[3]) =>
    api.update(webhook, SECRET, from, content).then((res) => {
      expect(res.status, res.body).toBe(200);
      return res;
    });
  const textsTo = (from: typeof AIGUL) => api.textsTo(from.id);
  const lastTextTo = (from: typeof AIGUL) => textsTo(from).at(-1);

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
    api = await startTelegramBotApi(TOKEN);
    await sql`update organisations set code = ${ORG_CODE} where id = ${th.seed.ministryId}`.execute(
      th.hub.db,
    );
    const config = loadConfig({
      ...th.env,
      LOG_LEVEL: 'debug',
      SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
      SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
      SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
      SAFENET_TELEGRAM_INTAKE_ORG: ORG_CODE,
    });
    telegram = createTelegramModule(
      moduleParts(
        th,
        () => clock,
        (error, message) => {
          warnings.push(`${message}: ${String(error)}`);
        },
      ).platform,
      config,
      {
        submit: async (intake) => {
          await submitGate;
          submitted.push(intake);
          const reference = `R-2026-${String(submitted.length).padStart(6, '0')}`;
          statuses.set(reference, {
            userId: (intake.reporter as { userId: number }).userId,
            status: { reference, status: 'received', updatedAt: new Date(clock).toISOString() },
          });
          return { reference };
        },
        statusOf: async (reference, reporter) => {
          const known = statuses.get(reference);
          return known && reporter.kind === 'telegram' && reporter.userId === known.userId
            ? known.status
            : null;
        },
        forget: async (reporter) => {
          forgotten.push(reporter);
          return [...statuses.values()].filter(
            (known) => reporter.kind === 'telegram' && known.userId === reporter.userId,
          ).length;
        },
        ...moduleParts(th, () => clock).postDoors,
      },
    );
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    app = await buildServer(config, {
      db: th.hub.db,
      modules: [telegram],
      authenticate: async () => {
        throw new SafenetError('unauthenticated', 'no keys here');
      },
      authenticateSession: async () => {
        throw new SafenetError('unauthenticated', 'no sessions here');
      },
      logStream,
    });
    webhook = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/telegram/webhook`;
  });

  afterAll(async () => {
    await app?.close();
    await api?.close();
    await th?.close();
  });

  beforeEach(async () => {
    if (!run) return;
    await sql`delete from telegram_intake`.execute(th.hub.db);
    submitted.length = 0;
    api.calls.length = 0;
    submitGate = undefined;
  });

  it.runIf(run)('takes a whole report in Kazakh and sends back its reference', async () => {
    await send(AIGUL, { text: '/start' });
    expect(textsTo(AIGUL)).toEqual([kk.welcome, kk.askLinks]);

    await send(AIGUL, {
      text: 'Мектеп жанындағы төбелес: https://www.tiktok.com/@user/video/7301 және https://youtu.be/abc123',
    });
    expect(lastTextTo(AIGUL)).toBe(kk.askCategory);
    const keyboard = api.callsOf('sendMessage').at(-1)?.params.reply_markup as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    expect(keyboard.inline_keyboard.flat()).toContainEqual({
      text: 'Төбелес, зорлық',
      callback_data: 'cat:violence',
    });
    // Between answers, the table holds the draft under a keyed hash: no chat or user id.
    const [row] = await rows();
    expect(row?.chat_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(row)).not.toContain(String(AIGUL.id));

    await send(AIGUL, { callbackData: 'cat:violence' });
    expect(lastTextTo(AIGUL)).toBe(kk.askPlatform);
    await send(AIGUL, { callbackData: 'plat:tiktok' });
    expect(lastTextTo(AIGUL)).toBe(kk.askDescription);
    await send(AIGUL, {
      text: 'Жасөспірімдер төбелесі, видео таралып жатыр. Қарағанды, №12 мектеп.',
    });
    expect(lastTextTo(AIGUL)).toBe(kk.askFeedback);
    await send(AIGUL, { callbackData: 'fb:yes' });
    expect(lastTextTo(AIGUL)).toContain('Сілтемелер: https://www.tiktok.com/@user/video/7301');
    expect(submitted).toEqual([]);
    await send(AIGUL, { callbackData: 'send' });

    const orgId = th.seed.ministryId;
    expect(submitted).toEqual([
      {
        report: {
          links: ['https://www.tiktok.com/@user/video/7301', 'https://youtu.be/abc123'],
          category: 'violence',
          platform: 'tiktok',
          description: 'Жасөспірімдер төбелесі, видео таралып жатыр. Қарағанды, №12 мектеп.',
          language: 'kk',
        },
        source: 'telegram',
        intakeOrgId: orgId,
        reporter: { kind: 'telegram', userId: AIGUL.id },
        feedback: { kind: 'telegram', chatId: AIGUL.id },
      },
    ]);
    expect(lastTextTo(AIGUL)).toBe(kk.sent('R-2026-000001'));
    expect(await rows()).toEqual([]);
    // Every button press was answered, and no file was ever asked for.
    expect(api.callsOf('answerCallbackQuery')).toHaveLength(4);
    expect(api.callsOf('getFile')).toEqual([]);
    // The logs name neither the reporter, nor the token, nor what they wrote.
    const logged = logs.join('');
    expect(logged).toContain('/v1/telegram/webhook');
    for (const secret of [String(AIGUL.id), TOKEN, SECRET, 'tiktok.com', 'Жасөспірімдер']) {
      expect(logged).not.toContain(secret);
    }
  });

  it.runIf(run)('leaves out the feedback chat when the reporter says no', async () => {
    await send(AIGUL, { text: 'https://vk.com/wall-1_2' });
    expect(lastTextTo(AIGUL)).toBe(kk.askCategory);
    await send(AIGUL, { callbackData: 'cat:bullying' });
    await send(AIGUL, { callbackData: 'plat:vk' });
    await send(AIGUL, { text: 'Буллинг' });
    await send(AIGUL, { callbackData: 'fb:no' });
    await send(AIGUL, { callbackData: 'send' });
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).not.toHaveProperty('feedback');
    expect(submitted[0]?.reporter).toEqual({ kind: 'telegram', userId: AIGUL.id });
  });

  it.runIf(run)(
    'asks for a link instead of a photo, video or document, and keeps nothing of it',
    async () => {
      await send(AIGUL, { text: '/start' });
      const before = await rows();
      await send(AIGUL, { photo: true, caption: 'қараңыз' });
      await send(AIGUL, { video: true });
      await send(AIGUL, { document: { fileName: 'fight.mp4', mimeType: 'video/mp4' } });
      expect(textsTo(AIGUL).slice(-3)).toEqual([kk.fileRefused, kk.fileRefused, kk.fileRefused]);
      expect(api.callsOf('getFile')).toEqual([]);
      expect(submitted).toEqual([]);
      const after = await rows();
      expect(after).toEqual(before);
      expect(JSON.stringify(after)).not.toMatch(/AgAC|AQAD|fight\.mp4|қараңыз/);
      // A file with no report under way gets the same answer, and no row.
      await send(OTHER, { photo: true });
      expect(lastTextTo(OTHER)).toBe(kk.fileRefused);
      expect(await rows()).toHaveLength(1);
    },
  );

  it.runIf(run)('refuses a wrong or missing secret token, processing nothing', async () => {
    for (const token of ['webhook-secret-of-this-hub-0123456780', null, '']) {
      const res = await api.update(webhook, token, AIGUL, { text: '/start' });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'telegram_webhook_refused' });
    }
    expect(api.calls).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it.runIf(run)('answers /status for the reporter’s own reference only', async () => {
    statuses.set('R-2026-000777', {
      userId: AIGUL.id,
      status: {
        reference: 'R-2026-000777',
        status: 'in_progress',
        updatedAt: '2026-04-12T10:00:00Z',
      },
    });
    await send(AIGUL, { text: '/status R-2026-000777' });
    expect(lastTextTo(AIGUL)).toBe(kk.status('R-2026-000777', 'қаралуда'));
    await send(OTHER, { text: '/status R-2026-000777' });
    expect(lastTextTo(OTHER)).toBe(kk.statusUnknown);
    await send(OTHER, { text: '/status' });
    expect(lastTextTo(OTHER)).toBe(kk.statusUsage);
  });

  it.runIf(run)('drops a draft left for more than 24 hours', async () => {
    await send(AIGUL, { text: 'https://www.instagram.com/p/Cx1' });
    expect(await rows()).toHaveLength(1);
    clock += DAY_MS - 1;
    await send(AIGUL, { callbackData: 'cat:grooming' });
    expect(lastTextTo(AIGUL)).toBe(kk.askPlatform);
    clock += DAY_MS;
    await send(AIGUL, { callbackData: 'plat:instagram' });
    // The lapsed draft is gone: the button does nothing, the table is empty.
    expect(lastTextTo(AIGUL)).toBe(kk.askPlatform);
    expect(await rows()).toEqual([]);
    await send(AIGUL, { text: 'Instagram' });
    expect(lastTextTo(AIGUL)).toBe(kk.noLink);
  });

  it.runIf(run)('submits once when Send is pressed twice at the same time', async () => {
    await send(AIGUL, { text: 'https://youtu.be/xyz' });
    await send(AIGUL, { callbackData: 'cat:self_harm' });
    await send(AIGUL, { callbackData: 'plat:youtube' });
    await send(AIGUL, { text: 'Видео' });
    await send(AIGUL, { callbackData: 'fb:no' });
    // The first press holds inside submit until the second has been handled entirely.
    let release: () => void = () => undefined;
    submitGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = send(AIGUL, { callbackData: 'send' });
    await expect.poll(() => rows().then((r) => r.length)).toBe(0);
    await send(AIGUL, { callbackData: 'send' });
    release();
    await first;
    expect(submitted).toHaveLength(1);
    expect(textsTo(AIGUL).filter((t) => t.startsWith('Рақмет'))).toHaveLength(1);
  });

  it.runIf(run)(
    'asks again, with the buttons, when text comes where a button is wanted',
    async () => {
      await send(AIGUL, { text: 'https://www.tiktok.com/@user/video/9' });
      await send(AIGUL, { text: 'төбелес' });
      expect(textsTo(AIGUL).slice(-2)).toEqual([kk.pressButton, kk.askCategory]);
      expect(api.callsOf('sendMessage').at(-1)?.params.reply_markup).toBeDefined();
      // A button of another step changes nothing.
      await send(AIGUL, { callbackData: 'plat:tiktok' });
      const [row] = await rows();
      expect(row).toMatchObject({
        step: 'category',
        draft: { links: ['https://www.tiktok.com/@user/video/9'] },
      });
    },
  );

  it.runIf(run)('forgets a reporter who asks, with their draft, in their language', async () => {
    await send(AIGUL, { text: 'https://vk.com/wall-1_3' });
    expect(await rows()).toHaveLength(1);
    await send(AIGUL, { text: '/forget' });
    expect(forgotten.at(-1)).toEqual({ kind: 'telegram', userId: AIGUL.id });
    const known = [...statuses.values()].filter((k) => k.userId === AIGUL.id).length;
    expect(lastTextTo(AIGUL)).toBe(kk.forgotten(known));
    expect(await rows()).toEqual([]);
    // Someone with nothing kept hears so.
    await send(OTHER, { text: '/forget' });
    expect(lastTextTo(OTHER)).toBe(kk.forgotten(0));
  });

  it.runIf(run)('has no webhook when no bot is configured', async () => {
    const config = loadConfig(th.env);
    const none = createTelegramModule(moduleParts(th, () => clock).platform, config, {
      submit: async () => ({ reference: 'never' }),
      statusOf: async () => null,
      forget: async () => 0,
      ...moduleParts(th, () => clock).postDoors,
    });
    const bare = await buildServer(config, {
      db: th.hub.db,
      modules: [none],
      authenticate: async () => {
        throw new SafenetError('unauthenticated', 'no keys here');
      },
      authenticateSession: async () => {
        throw new SafenetError('unauthenticated', 'no sessions here');
      },
    });
    try {
      const res = await bare.inject({
        method: 'POST',
        url: '/v1/telegram/webhook',
        headers: { 'x-telegram-bot-api-secret-token': SECRET },
        payload: { update_id: 1 },
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it.runIf(run)('asks the language when Telegram’s is none of the four', async () => {
    const hans = { id: 424_242_100, firstName: 'Hans', languageCode: 'de' };
    await send(hans, { text: '/start' });
    expect(lastTextTo(hans)).toBe(kk.chooseLanguage);
    await send(hans, { callbackData: 'lang:vi' });
    expect(textsTo(hans).slice(-2)).toEqual([INTAKE_WORDS.vi.welcome, INTAKE_WORDS.vi.askLinks]);
    expect(INTAKE_WORDS.vi.welcome).toContain('111');
  });

  it.runIf(run)(
    'sends a status change in Kazakh to a reporter who asked to hear back',
    async () => {
      await send(AIGUL, { text: '/start' });
      await telegram.notifyReporter(
        { kind: 'telegram', chatId: AIGUL.id },
        {
          reference: 'R-2026-000001',
          status: 'resolved',
          updatedAt: '2026-04-13T09:00:00Z',
          language: 'kk',
        },
      );
      expect(lastTextTo(AIGUL)).toBe('R-2026-000001 хабарламаңыздың күйі өзгерді: шешілді.');
      // Blocked since: nothing more to do. Rate-limited: thrown, without the chat or the text.
      api.failNext({ kind: 'blocked', method: 'sendMessage' });
      await telegram.notifyReporter(
        { kind: 'telegram', chatId: AIGUL.id },
        {
          reference: 'R-2026-000001',
          status: 'resolved',
          updatedAt: '2026-04-13T09:00:00Z',
          language: 'kk',
        },
      );
      api.failNext({ kind: 'rate_limited', retryAfter: 7, method: 'sendMessage' });
      const error = await telegram
        .notifyReporter(
          { kind: 'telegram', chatId: AIGUL.id },
          {
            reference: 'R-2026-000001',
            status: 'referred',
            updatedAt: '2026-04-13T09:00:00Z',
            language: 'kk',
          },
        )
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(error?.message).toBe(
        'Telegram sendMessage failed: 429 Too Many Requests: retry after 7',
      );
      expect(error?.message).not.toContain(String(AIGUL.id));
    },
  );
});
