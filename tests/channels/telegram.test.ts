/**
 * What only the Telegram adapter has, through grammY against the local Bot API stand-in
 * (the contract suite runs in channels.test.ts): messages cut at 4,096 characters, HTML
 * escaping checked by a parser that refuses what Telegram refuses, documents, the Bot API's
 * refusals, and its rate limits.
 */
import type { OutgoingAttachment } from '@safenet/channels';
import { type Language, SafenetError } from '@safenet/core';
import { startTelegramBotApi } from '@safenet/hub/testing';
import { describe, expect, it } from 'vitest';
import { context, expectSafenetError, outgoing, SAMPLES } from './channel.contract.js';
import { BOT_TOKEN, chatAddress, telegramAdapter, telegramHarness } from './telegram.harness.js';

/** `parts` are `text` in order, only the whitespace at each cut left out. */
function reassembles(parts: string[], text: string): boolean {
  const pattern = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  return new RegExp(`^${pattern}$`, 'u').test(text);
}

/** A file the hub serves at a public link. */
function attachment(filename: string, contentType: OutgoingAttachment['contentType']) {
  const bytes = Buffer.from(`${filename} bytes`);
  let loads = 0;
  const file: OutgoingAttachment = {
    filename,
    contentType,
    sizeBytes: bytes.length,
    url: `https://hub.example/a/${encodeURIComponent(filename)}`,
    async load() {
      loads += 1;
      return bytes;
    },
  };
  return { file, loads: () => loads };
}

describe('telegram-bot adapter', () => {
  it("declares Telegram's limits, no receipts, and a banner line without the token", async () => {
    await using harness = await telegramHarness();
    const { adapter } = harness;
    expect(adapter.reportsDelivery).toBe(false);
    expect(adapter.pacing).toEqual({ unitsPerSecond: 30, perRecipientIntervalMs: 1000 });
    expect(adapter.describe?.()).toMatch(/^via the Bot API \(127\.0\.0\.1:\d+\), 30 messages\/s/);
    expect(adapter.describe?.()).not.toContain(BOT_TOKEN.split(':')[1]);
    const long = outgoing(chatAddress(1), 'ru', { body: 'слово '.repeat(1500) });
    expect(adapter.cost?.(outgoing(chatAddress(1), 'ru'))).toBe(1);
    expect(adapter.cost?.(long)).toBe(3);
  });

  it.each(['ru', 'kk', 'vi'] as Language[])(
    'sends a long %s text as several parts, in order, that reassemble to the original',
    async (language) => {
      await using harness = await telegramHarness();
      const chat = chatAddress(7);
      const paragraphs: string[] = [];
      while (paragraphs.join('\n\n').length <= 10_000) {
        paragraphs.push(`${paragraphs.length + 1}. ${SAMPLES[language].body}`);
      }
      const message = outgoing(chat, language, { body: paragraphs.join('\n\n') });
      expect(message.body.length).toBeGreaterThan(10_000);

      const result = await harness.adapter.send(message, context());

      const parts = harness.api.textsTo(chat);
      expect(parts.length).toBeGreaterThanOrEqual(3);
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
      expect(reassembles(parts, `${message.title}\n\n${message.body}`)).toBe(true);
      const [first] = harness.api.callsOf('sendMessage').map((c) => c.result) as {
        message_id: number;
        entities?: unknown[];
      }[];
      expect(result).toEqual({
        status: 'sent',
        providerMessageId: `${chat}:${first?.message_id}`,
      });
      expect(first?.entities).toEqual([{ type: 'bold', offset: 0, length: message.title?.length }]);
      expect(await harness.received()).toEqual([
        {
          to: chat,
          deliveryId: message.deliveryId,
          title: message.title,
          // The harness joins parts with a blank line: here every cut is a paragraph break.
          body: message.body,
        },
      ]);
    },
  );

  it('delivers text that looks like HTML exactly as written', async () => {
    await using harness = await telegramHarness();
    const chat = chatAddress(2);
    const body = '<b>не жирный</b> & <script>alert(1)</script> &amp; 1 < 2 > 0 </i>';
    await harness.adapter.send(outgoing(chat, 'ru', { title: 'A <i> & B', body }), context());
    expect(harness.api.textsTo(chat)).toEqual([`A <i> & B\n\n${body}`]);
  });

  it('sends 10,000 of <, & and > in three parts, every character intact', async () => {
    await using harness = await telegramHarness();
    const chat = chatAddress(3);
    const body = '<&>'.repeat(3334);
    await harness.adapter.send(outgoing(chat, 'en', { title: null, body }), context());
    const parts = harness.api.textsTo(chat);
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 1810]);
    expect(parts.join('')).toBe(body);
  });

  it('sends the files after the text as documents: a PDF by its link, others uploaded once', async () => {
    await using harness = await telegramHarness();
    const memo = attachment('Памятка для родителей.pdf', 'application/pdf');
    const poster = attachment('Плакат.png', 'image/png');
    const attachments = [memo.file, poster.file];

    for (const n of [4, 5]) {
      await harness.adapter.send(outgoing(chatAddress(n), 'kk', { attachments }), context());
    }

    const order = harness.api.calls.filter((c) => String(c.params.chat_id) === chatAddress(4));
    expect(order.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument', 'sendDocument']);
    const [pdf, png] = harness.api.documentsTo(chatAddress(4));
    expect(pdf).toMatchObject({ source: 'url', value: memo.file.url, caption: memo.file.filename });
    expect(png).toMatchObject({ source: 'upload', value: 'Плакат.png', caption: 'Плакат.png' });
    // The second parent gets both by the file ids Telegram gave them.
    expect(harness.api.documentsTo(chatAddress(5))).toEqual([
      expect.objectContaining({
        source: 'file_id',
        value: pdf?.fileId,
        caption: memo.file.filename,
      }),
      expect.objectContaining({ source: 'file_id', value: png?.fileId, caption: 'Плакат.png' }),
    ]);
    expect(poster.loads()).toBe(1);
    expect(memo.loads()).toBe(0);
  });

  it.each([
    ['7200000403', 'opted_out', '403 Forbidden: bot was blocked by the user'],
    ['7200000404', 'invalid_address', '403 Forbidden: user is deactivated'],
    ['7300000001', 'invalid_address', '400 Bad Request: chat not found'],
  ])('refuses chat %s for good: %s', async (chat, reason, providerCode) => {
    await using harness = await telegramHarness();
    const error = await expectSafenetError(
      harness.adapter.send(outgoing(chat, 'vi'), context()),
      'provider_rejected',
      false,
    );
    expect(error).toMatchObject({ reason, providerCode });
  });

  it('refuses an address that is no chat id without calling Telegram', async () => {
    await using harness = await telegramHarness();
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('+77011234567', 'ru'), context()),
      'provider_rejected',
      false,
    );
    expect(error.reason).toBe('invalid_address');
    expect(harness.api.calls).toEqual([]);
  });

  it('retries flood control after the retry_after Telegram gives, for the whole channel', async () => {
    await using harness = await telegramHarness();
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('7200000429', 'ru'), context()),
      'provider_unavailable',
      true,
    );
    expect(error).toMatchObject({ retryAfterSeconds: 7, throttlesChannel: true });
  });

  it("the stand-in's limits refuse a burst faster than declared, and the adapter retries it", async () => {
    // A clock that stands still: the whole burst falls in one second.
    await using harness = await telegramHarness({ limits: { perSecond: 5 }, now: () => 0 });
    const sends = Array.from({ length: 8 }, (_, n) =>
      harness.adapter.send(outgoing(chatAddress(10 + n), 'kk'), context()).then(
        () => 'sent',
        (error: SafenetError) => error,
      ),
    );
    const outcomes = await Promise.all(sends);

    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(5);
    const refused = outcomes.filter((o) => o instanceof SafenetError);
    expect(refused).toHaveLength(3);
    for (const error of refused) {
      expect(error).toMatchObject({ code: 'provider_unavailable', retryAfterSeconds: 1 });
    }
    expect(harness.api.throttled).toBe(3);
  });

  it('reports an unreachable API root retryably, naming neither token nor text', async () => {
    const gone = await startTelegramBotApi(BOT_TOKEN);
    await gone.close();
    const adapter = telegramAdapter(gone);
    const message = outgoing(chatAddress(1), 'ru');
    const error = await expectSafenetError(
      adapter.send(message, context()),
      'provider_unavailable',
      true,
    );
    const said = `${error.message} ${String(error.cause)} ${JSON.stringify(error)}`;
    expect(said).toMatch(/ECONNREFUSED/);
    expect(said).not.toContain(BOT_TOKEN);
    expect(said).not.toContain(BOT_TOKEN.split(':')[1]);
    expect(said).not.toContain(message.body);
  });

  it('reports a refused token retryably (an operator fixes the config), without the token', async () => {
    await using harness = await telegramHarness();
    const token = '7000000017:AAH-revoked-token-abcdefghijklmnopqr';
    const adapter = telegramAdapter(harness.api, { botToken: token });
    const error = await expectSafenetError(
      adapter.send(outgoing(chatAddress(1), 'en'), context()),
      'provider_unavailable',
      true,
    );
    expect(error.providerCode).toBe('401 Unauthorized');
    expect(`${error.message} ${JSON.stringify(error.cause)}`).not.toContain(token);
  });
});
