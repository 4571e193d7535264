import { createSmtpAdapter } from '@safenet/channels';
import { SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { startSmtpServer } from '../support/smtp-server.js';
import { context, expectSafenetError, outgoing } from './channel.contract.js';
import { FROM, REFUSED, receiptOf, smtpAdapter, smtpHarness } from './smtp.harness.js';

describe('smtp adapter', () => {
  it('sends text and escaped HTML with the delivery id in the headers', async () => {
    await using harness = await smtpHarness();
    const message = outgoing('parent@school.example.kz', 'en', {
      title: 'Report <script> & links',
      body: 'Tom & Jerry <b>not bold</b>\nsecond line\n\nNew paragraph "quoted"',
    });

    const result = await harness.adapter.send(message, context());

    const [mail] = harness.smtp.messages;
    const parsed = mail!.parsed!;
    expect(result).toEqual({ status: 'sent', providerMessageId: parsed.messageId });
    expect(parsed.messageId).toBe(`<${message.deliveryId}@safenet.example.org>`);
    expect(parsed.headers.get('x-safenet-delivery')).toBe(message.deliveryId);
    expect(parsed.subject).toBe('Report <script> & links');
    expect(parsed.text).toBe(message.body);
    expect(parsed.html).toContain(
      '<p>Tom &amp; Jerry &lt;b&gt;not bold&lt;/b&gt;<br>\nsecond line</p>\n<p>New paragraph &quot;quoted&quot;</p>',
    );
    expect(parsed.html).toContain('<title>Report &lt;script&gt; &amp; links</title>');
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.from?.value).toEqual([
      { name: 'Безопасный Интернет', address: 'noreply@safenet.example.org' },
    ]);
    expect(mail!.envelope).toEqual({
      from: 'noreply@safenet.example.org',
      to: ['parent@school.example.kz'],
    });
  });

  it('names the language of each message in Content-Language and on the HTML root', async () => {
    await using harness = await smtpHarness();
    const languages = ['ru', 'kk', 'vi', 'en'] as const;
    for (const language of languages) {
      await harness.adapter.send(outgoing(`${language}@school.example.kz`, language), context());
    }

    const received = harness.smtp.messages.map((mail) => ({
      to: mail.envelope.to[0],
      contentLanguage: mail.parsed?.headers.get('content-language'),
      htmlLang: /<html lang="([^"]*)">/.exec(mail.parsed?.html || '')?.[1],
    }));
    expect(received).toEqual(
      languages.map((language) => ({
        to: `${language}@school.example.kz`,
        contentLanguage: language,
        htmlLang: language,
      })),
    );
  });

  it('keeps the Message-ID of a delivery across re-sends', async () => {
    await using harness = await smtpHarness();
    const message = outgoing('parent@school.example.kz', 'vi');

    const first = await harness.adapter.send(message, context(1));
    const second = await harness.adapter.send(message, context(2));

    expect(second.providerMessageId).toBe(first.providerMessageId);
    expect(harness.smtp.messages.map((m) => m.parsed?.messageId)).toEqual([
      first.providerMessageId,
      first.providerMessageId,
    ]);
  });

  it('takes the subject from the first line of text when there is no title', async () => {
    await using harness = await smtpHarness();
    const message = outgoing('parent@school.example.kz', 'ru', {
      title: null,
      body: '\n  Родительское собрание в пятницу.  \nПриходите в 18:00.',
    });

    await harness.adapter.send(message, context());

    expect(harness.smtp.messages[0]?.parsed?.subject).toBe('Родительское собрание в пятницу.');
  });

  it('logs in with the percent-encoded credentials in the URL', async () => {
    await using smtp = await startSmtpServer({ auth: { user: 'safenet', pass: 'p@ss:word' } });
    const withCredentials = (pass: string) => smtp.url.replace('//', `//safenet:${pass}@`);
    const adapter = smtpAdapter({ url: withCredentials('p%40ss%3Aword') });
    const wrong = smtpAdapter({ url: withCredentials('guess') });

    await adapter.send(outgoing('parent@school.example.kz'), context());
    // A wrong password is the operator's to fix: the message should go out once they do.
    await expectSafenetError(
      wrong.send(outgoing('parent@school.example.kz'), context()),
      'provider_unavailable',
      true,
    );
    await Promise.all([adapter.close?.(), wrong.close?.()]);

    expect(smtp.messages.map((m) => m.authUser)).toEqual(['safenet']);
  });

  it('sends 200 messages concurrently over the pool, each arriving exactly once', async () => {
    await using harness = await smtpHarness();
    const languages = ['ru', 'kk', 'vi', 'en'] as const;
    const messages = Array.from({ length: 200 }, (_, i) =>
      outgoing(`parent-${i}@school.example.kz`, languages[i % 4]),
    );

    const results = await Promise.all(messages.map((m) => harness.adapter.send(m, context())));

    expect(results.every((r) => r.status === 'sent')).toBe(true);
    const received = harness.smtp.messages.map(receiptOf);
    expect(received).toHaveLength(200);
    expect(new Set(received.map((r) => r.deliveryId))).toEqual(
      new Set(messages.map((m) => m.deliveryId)),
    );
    const byDelivery = new Map(received.map((r) => [r.deliveryId, r]));
    for (const m of messages) {
      expect(byDelivery.get(m.deliveryId)).toEqual({
        to: m.to,
        deliveryId: m.deliveryId,
        title: m.title,
        body: m.body,
      });
    }
    // Pooled: at most maxConnections (5) connections, each reused for many messages.
    expect(new Set(harness.smtp.messages.map((m) => m.session)).size).toBeLessThanOrEqual(5);
  });

  it('lets sends in flight finish on close, then refuses new ones as retryable', async () => {
    await using harness = await smtpHarness();
    const sends = Array.from({ length: 10 }, (_, i) =>
      harness.adapter.send(outgoing(`parent-${i}@school.example.kz`), context()),
    );

    await harness.adapter.close?.();

    await expect(Promise.all(sends)).resolves.toHaveLength(10);
    expect(harness.smtp.messages).toHaveLength(10);
    await expectSafenetError(
      harness.adapter.send(outgoing('late@school.example.kz'), context()),
      'provider_unavailable',
      true,
    );
  });

  it('abandons a send aborted in flight with a retryable error', async () => {
    await using harness = await smtpHarness();
    const controller = new AbortController();

    const sending = harness.adapter.send(outgoing('parent@school.example.kz'), {
      signal: controller.signal,
      attempt: 1,
    });
    controller.abort(new Error('send timed out'));

    await expectSafenetError(sending, 'provider_unavailable', true);
    const next = outgoing('parent@school.example.kz');
    await expect(harness.adapter.send(next, context())).resolves.toMatchObject({ status: 'sent' });
    expect(harness.smtp.messages.map(receiptOf).map((r) => r.deliveryId)).toEqual([
      next.deliveryId,
    ]);
  });

  it('keeps the SMTP reply and the original error in a refusal', async () => {
    await using harness = await smtpHarness();

    const error = await expectSafenetError(
      harness.adapter.send(outgoing(REFUSED.permanent), context()),
      'provider_rejected',
      false,
    );

    expect(error.message).toContain('550');
    expect(error.cause).toMatchObject({ responseCode: 550 });
  });

  it('refuses an invalid configuration without echoing the password', () => {
    const secret = 'top-secret-password';
    expect(() =>
      createSmtpAdapter({ url: `http://u:${secret}@mail.example.org`, from: FROM }),
    ).toThrow(/smtp:\/\/ or smtps:\/\//);
    try {
      createSmtpAdapter({ url: `http://u:${secret}@mail.example.org`, from: FROM });
    } catch (error) {
      expect(String(error)).not.toContain(secret);
      expect(error).not.toBeInstanceOf(SafenetError);
    }
  });
});
