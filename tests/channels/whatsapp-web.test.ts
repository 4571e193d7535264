/**
 * The whatsapp-web adapter against the fake whatsapp-web.js client: the shared channel
 * contract, then pairing, disconnects, bans, acks and inbound messages.
 */
import {
  type AdapterEvent,
  type ChannelAdapter,
  createWhatsAppWebAdapter,
  type WhatsAppWebAdapter,
} from '@safenet/channels';
import { describe, expect, it, vi } from 'vitest';
import { FakeWhatsAppClient } from '../support/whatsapp-web-fake.js';
import {
  type ChannelHarness,
  channelContract,
  context,
  expectSafenetError,
  outgoing,
  type Receipt,
} from './channel.contract.js';

/** A Kazakh mobile number per parent. */
const phone = (n: number) => `+7701${String(n).padStart(7, '0')}`;
const digits = (e164: string) => e164.slice(1);

/** Numbers the fake refuses: one without WhatsApp, one whose in-page send times out. */
const REFUSED = { permanent: '+77019999991', transient: '+77019999992' };

/** Collects what the adapter pushes. */
function record(adapter: WhatsAppWebAdapter) {
  const events: AdapterEvent[] = [];
  adapter.subscribe((event) => events.push(event));
  return {
    events,
    sessions: () => events.flatMap((e) => (e.type === 'session' ? [e] : [])),
    statuses: () => events.flatMap((e) => (e.type === 'status' ? [e.update] : [])),
    inbound: () => events.flatMap((e) => (e.type === 'inbound' ? [e.message] : [])),
  };
}

/** Resolves on the adapter's next `session` event with `state`. */
function nextSession(adapter: WhatsAppWebAdapter, state: string) {
  return new Promise<Extract<AdapterEvent, { type: 'session' }>>((resolve) => {
    const stop = adapter.subscribe((event) => {
      if (event.type === 'session' && event.state === state) {
        stop();
        resolve(event);
      }
    });
  });
}

/** An adapter on a fake phone paired earlier (LocalAuth session on disk), started and ready. */
async function readyAdapter(fake = new FakeWhatsAppClient({ paired: true })) {
  for (let n = 0; n < 30; n++) fake.registered.add(digits(phone(n)));
  fake.registered.add(digits(REFUSED.transient));
  fake.failures.set(
    digits(REFUSED.transient),
    new Error('Evaluation failed: Error: Timed out waiting for the message to be sent'),
  );
  const adapter = createWhatsAppWebAdapter({ client: fake });
  const ready = nextSession(adapter, 'ready');
  await adapter.pairing.start();
  await ready;
  return { fake, adapter };
}

/** Splits the text WhatsApp received back into the title and body the adapter was given. */
function receiptOf(to: string, deliveryId: string, content: string): Receipt {
  const titled = /^\*([^\n]*)\*\n\n([\s\S]*)$/.exec(content);
  return {
    to,
    deliveryId,
    title: titled?.[1] ?? null,
    body: titled ? (titled[2] ?? '') : content,
  };
}

async function harness(): Promise<ChannelHarness> {
  const { fake, adapter } = await readyAdapter();
  // WhatsApp carries no delivery id: remember which message id each delivery got.
  const deliveries = new Map<string, string>();
  const recorded: ChannelAdapter = {
    ...adapter,
    async send(message, ctx) {
      const result = await adapter.send(message, ctx);
      if (result.providerMessageId) deliveries.set(result.providerMessageId, message.deliveryId);
      return result;
    },
  };
  return {
    adapter: recorded,
    received: async () =>
      fake.sent.map(({ chatId, content, message }) =>
        receiptOf(
          `+${chatId.replace(/@c\.us$/, '')}`,
          deliveries.get(message.id._serialized) ?? '',
          content,
        ),
      ),
    async [Symbol.asyncDispose]() {
      await adapter.close();
    },
  };
}

channelContract({
  name: 'whatsapp-web',
  channel: 'whatsapp',
  provider: 'whatsapp-web',
  status: 'sent',
  keepsTitle: true,
  address: phone,
  setup: harness,
  failures: {
    ...REFUSED,
    // A phone that was never paired: the QR code is shown, nobody scans it.
    async unreachable() {
      const adapter = createWhatsAppWebAdapter({ client: new FakeWhatsAppClient() });
      await adapter.pairing.start();
      return adapter;
    },
  },
});

describe('whatsapp-web adapter', () => {
  it('pairs a phone: starting → QR code (text and PNG) → ready', async () => {
    const fake = new FakeWhatsAppClient();
    fake.registered.add(digits(phone(1)));
    const adapter = createWhatsAppWebAdapter({ client: fake });
    const seen = record(adapter);
    expect(adapter.pairing.session()).toEqual({ state: 'starting', qr: null, qrDataUrl: null });

    const qrShown = nextSession(adapter, 'qr');
    await adapter.pairing.start();
    const qrEvent = await qrShown;

    const session = adapter.pairing.session();
    expect(session.state).toBe('qr');
    expect(session.qr).toMatch(/^2@[^,]+(,[A-Za-z0-9+/=]+){3},1$/);
    expect(qrEvent.qr).toBe(session.qr);
    expect(session.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(session.qrDataUrl?.split(',')[1] ?? '', 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    await expectSafenetError(
      adapter.send(outgoing(phone(1)), context()),
      'provider_unavailable',
      true,
    );

    const ready = nextSession(adapter, 'ready');
    await fake.scanQr();
    await ready;

    expect(adapter.pairing.session()).toEqual({ state: 'ready', qr: null, qrDataUrl: null });
    expect(seen.sessions().map((e) => e.state)).toEqual(['starting', 'qr', 'starting', 'ready']);
    await expect(adapter.send(outgoing(phone(1)), context())).resolves.toMatchObject({
      status: 'sent',
    });
    await adapter.close();
  });

  it('prints the QR code for a terminal while one is waiting', async () => {
    const adapter = createWhatsAppWebAdapter({ client: new FakeWhatsAppClient() });
    let art = '';
    expect(adapter.pairing.printQr((text) => (art += text))).toBe(false);
    const qrShown = nextSession(adapter, 'qr');
    await adapter.pairing.start();
    await qrShown;

    expect(adapter.pairing.printQr((text) => (art += text))).toBe(true);
    const lines = art.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    expect(art).toMatch(/[▀▄█]/);
    await adapter.close();
  });

  it('starts the browser once, however often start() is called', async () => {
    const fake = new FakeWhatsAppClient({ paired: true });
    const adapter = createWhatsAppWebAdapter({ client: fake });
    const ready = nextSession(adapter, 'ready');
    await Promise.all([adapter.pairing.start(), adapter.pairing.start()]);
    await ready;
    await adapter.pairing.start();
    expect(fake.initializations).toBe(1);
    await adapter.close();
  });

  it('reports a browser that cannot start as failed, retryably', async () => {
    const fake = new FakeWhatsAppClient();
    fake.initializeError = new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    const adapter = createWhatsAppWebAdapter({ client: fake });
    const seen = record(adapter);

    const error = await expectSafenetError(adapter.pairing.start(), 'provider_unavailable', true);
    expect(error.message).toContain('ERR_NAME_NOT_RESOLVED');
    expect(adapter.pairing.session()).toMatchObject({
      state: 'failed',
      detail: expect.stringContaining('ERR_NAME_NOT_RESOLVED'),
    });
    expect(seen.sessions().at(-1)).toMatchObject({ state: 'failed' });
    await adapter.close();
  });

  it('refuses a number without WhatsApp for good, with reason not_on_whatsapp', async () => {
    const { fake, adapter } = await readyAdapter();
    const error = await expectSafenetError(
      adapter.send(outgoing('+84912345678', 'vi'), context()),
      'provider_rejected',
      false,
    );
    expect(error.reason).toBe('not_on_whatsapp');
    expect(fake.sent).toEqual([]);
    await adapter.close();
  });

  it('refuses an address that is not a phone number as invalid_address', async () => {
    const { adapter } = await readyAdapter();
    const error = await expectSafenetError(
      adapter.send(outgoing('parent@school.example.kz'), context()),
      'provider_rejected',
      false,
    );
    expect(error.reason).toBe('invalid_address');
    await adapter.close();
  });

  it('sends the title in bold above the body', async () => {
    const { fake, adapter } = await readyAdapter();
    const message = outgoing(phone(3), 'kk');
    const result = await adapter.send(message, context());

    expect(fake.sent).toEqual([
      {
        chatId: `${digits(phone(3))}@c.us`,
        content: `*${message.title}*\n\n${message.body}`,
        message: expect.objectContaining({ id: expect.any(Object) }),
        at: expect.any(Number),
      },
    ]);
    expect(result).toEqual({
      status: 'sent',
      providerMessageId: fake.sent[0]?.message.id._serialized,
    });
    expect(result.providerMessageId).toMatch(/^true_77010000003@c\.us_[0-9A-F]+$/);
    await adapter.close();
  });

  it('keeps messages while disconnected and sends them after reconnecting', async () => {
    const { fake, adapter } = await readyAdapter();
    const seen = record(adapter);
    fake.disconnect('CONFLICT');

    expect(seen.sessions()).toEqual([
      { type: 'session', state: 'disconnected', detail: expect.stringContaining('CONFLICT') },
    ]);
    const message = outgoing(phone(4), 'ru');
    const error = await expectSafenetError(
      adapter.send(message, context()),
      'provider_unavailable',
      true,
    );
    expect(error.message).toContain('not paired/connected');
    expect(fake.sent).toEqual([]);

    // The saved session restores without a QR code.
    const ready = nextSession(adapter, 'ready');
    await adapter.pairing.start();
    await ready;
    await expect(adapter.send(message, context(2))).resolves.toMatchObject({ status: 'sent' });
    expect(fake.sent.map((s) => s.chatId)).toEqual([`${digits(phone(4))}@c.us`]);
    expect(fake.initializations).toBe(2);
    expect(seen.sessions().some((e) => e.state === 'qr')).toBe(false);
    await adapter.close();
  });

  it('shows a new QR code after the phone logged out', async () => {
    const { fake, adapter } = await readyAdapter();
    fake.disconnect('LOGOUT');
    const qrShown = nextSession(adapter, 'qr');
    await adapter.pairing.start();
    await qrShown;
    expect(adapter.pairing.session().state).toBe('qr');
    await adapter.close();
  });

  it('retries a send the disconnect cut short', async () => {
    const { fake, adapter } = await readyAdapter();
    const sending = adapter.send(outgoing(phone(5)), context());
    fake.disconnect('UNPAIRED');

    const error = await expectSafenetError(sending, 'provider_unavailable', true);
    expect(error.message).toContain('page has been closed');
    expect(fake.sent).toEqual([]);
    await adapter.close();
  });

  it('does not send once the hub aborted during the number lookup', async () => {
    const { fake, adapter } = await readyAdapter();
    const controller = new AbortController();
    const sending = adapter.send(outgoing(phone(6)), { signal: controller.signal, attempt: 1 });
    controller.abort(new Error('send timeout'));

    await expectSafenetError(sending, 'provider_unavailable', true);
    expect(fake.sent).toEqual([]);
    await adapter.close();
  });

  it('reports acks as sent → delivered → read for the message id it returned', async () => {
    const { fake, adapter } = await readyAdapter();
    fake.readers.add(digits(phone(7)));
    const seen = record(adapter);

    const { providerMessageId } = await adapter.send(outgoing(phone(7)), context());

    await vi.waitFor(() => expect(seen.statuses()).toHaveLength(3));
    expect(seen.statuses()).toEqual(
      ['sent', 'delivered', 'read'].map((status) => ({
        providerMessageId,
        status,
        at: expect.any(Date),
      })),
    );
    await adapter.close();
  });

  it('reports what a parent writes, from an E.164 number', async () => {
    const { fake, adapter } = await readyAdapter();
    const seen = record(adapter);

    const received = fake.receive('+77011234567', 'STOP');
    fake.emit('message', { ...received, from: '120363025246125888@g.us' });

    expect(seen.inbound()).toEqual([
      {
        from: '+77011234567',
        body: 'STOP',
        providerMessageId: received.id._serialized,
        at: new Date(received.timestamp * 1000),
      },
    ]);
    await adapter.close();
  });

  it('treats a ban as permanent, fails the session and keeps later messages', async () => {
    const { fake, adapter } = await readyAdapter();
    const seen = record(adapter);
    const loggedOut = new Promise((resolve) => fake.once('disconnected', resolve));
    fake.banNext();

    const error = await expectSafenetError(
      adapter.send(outgoing(phone(8)), context()),
      'provider_rejected',
      false,
    );
    expect(error.message).toContain('banned');
    expect(seen.sessions()[0]).toMatchObject({
      state: 'failed',
      detail: expect.stringContaining('banned'),
    });
    // WhatsApp then logs the phone out with TOS_BLOCK: still failed, reported once.
    expect(await loggedOut).toBe('TOS_BLOCK');
    expect(adapter.pairing.session().state).toBe('failed');
    expect(seen.sessions().map((e) => e.state)).toEqual(['failed']);

    await expectSafenetError(
      adapter.send(outgoing(phone(9)), context()),
      'provider_unavailable',
      true,
    );
    expect(fake.sent).toEqual([]);
    await adapter.close();
  });

  it('reports a TOS_BLOCK disconnect as failed, not as a mere disconnect', async () => {
    const { fake, adapter } = await readyAdapter();
    const seen = record(adapter);
    fake.disconnect('TOS_BLOCK');
    expect(seen.sessions()).toEqual([
      { type: 'session', state: 'failed', detail: expect.stringContaining('TOS_BLOCK') },
    ]);
    await adapter.close();
  });

  it('declares slow pacing by default, and takes other values', () => {
    const client = new FakeWhatsAppClient();
    const { pacing } = createWhatsAppWebAdapter({ client });
    expect(pacing.minIntervalMs).toBeGreaterThanOrEqual(4000);
    expect(pacing.jitterMs).toBeGreaterThan(0);
    expect(pacing.dailyCap).toBeLessThanOrEqual(200);
    expect(pacing.perSecond).toBeUndefined();

    const custom = createWhatsAppWebAdapter({ client, pacing: { dailyCap: 50 } });
    expect(custom.pacing).toMatchObject({ minIntervalMs: 4000, dailyCap: 50 });
    expect(() => createWhatsAppWebAdapter({ client, pacing: { minIntervalMs: 100 } })).toThrow(
      /banned/,
    );
  });

  it('keeps other listeners informed when one throws, and stops after unsubscribe', async () => {
    const { fake, adapter } = await readyAdapter();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    adapter.subscribe(() => {
      throw new Error('listener bug');
    });
    const seen = record(adapter);
    const late: AdapterEvent[] = [];
    const stop = adapter.subscribe((event) => late.push(event));
    stop();

    fake.receive('+77011234567', 'Рахмет');

    expect(seen.inbound()).toHaveLength(1);
    expect(late).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ message: 'listener bug' }));
    warn.mockRestore();
    await adapter.close();
  });

  it('closes: waits for sends in flight, closes the browser, refuses later sends', async () => {
    const { fake, adapter } = await readyAdapter();
    const seen = record(adapter);
    const sending = adapter.send(outgoing(phone(10)), context());
    const destroy = vi.spyOn(fake, 'destroy');

    await adapter.close();

    await expect(sending).resolves.toMatchObject({ status: 'sent' });
    expect(destroy).toHaveBeenCalledTimes(1);
    await expectSafenetError(
      adapter.send(outgoing(phone(11)), context()),
      'provider_unavailable',
      true,
    );
    await expectSafenetError(adapter.pairing.start(), 'provider_unavailable', true);
    fake.receive('+77011234567', 'late');
    expect(seen.inbound()).toEqual([]);
  });
});
