/**
 * The contract every channel adapter keeps, run against each one with its local provider
 * (see channels.test.ts). A new adapter passes this suite before it is registered.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelAdapter, OutgoingMessage, SendContext, SendResult } from '@safenet/channels';
import { type Channel, type ErrorCode, type Language, SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';

/** What a provider received for one message, reduced to what every channel carries. */
export interface Receipt {
  to: string;
  deliveryId: string;
  /** Null when the channel has no title (or the provider does not keep it). */
  title: string | null;
  body: string;
}

/** An adapter wired to its local provider, and a way to read what the provider received. */
export interface ChannelHarness extends AsyncDisposable {
  adapter: ChannelAdapter;
  /** Everything the provider has received so far, in arrival order. */
  received(): Promise<Receipt[]>;
}

/** An adapter under contract: what it claims to be and how to set it up. */
export interface ContractTarget {
  name: string;
  channel: Channel;
  provider: string;
  /** The status a successful send reports (`captured` adapters never claim `sent`). */
  status: SendResult['status'];
  /** A `to` address the provider accepts, numbered for several recipients. */
  address(n: number): string;
  /** Whether the provider keeps the title, so the contract can check it arrives intact. */
  keepsTitle: boolean;
  /** In-app addresses are contact ids: messages then carry the address as `contactId` too. */
  addressIsContactId?: boolean;
  setup(): Promise<ChannelHarness>;
  /** Provider failures the harness can script; absent for adapters without a provider. */
  failures?: {
    /** A `to` the provider refuses for good. */
    permanent: string;
    /** A `to` the provider refuses for now. */
    transient: string;
    /** The adapter set up against a provider that cannot be reached. */
    unreachable(): Promise<ChannelAdapter>;
  };
}

/** Guidance from the programmes, one per language, with the letters that break encodings. */
export const SAMPLES: Record<Language, { title: string; body: string }> = {
  ru: {
    title: 'Памятка для родителей: «Безопасный Интернет»',
    body: 'Как уберечь ребёнка в Интернете.\n\nВключите родительский контроль и обсудите с детьми, что делать, если их обижают в сети.',
  },
  kk: {
    title: 'Ата-аналарға арналған жадынама',
    body: 'Балаңыздың интернеттегі қауіпсіздігі — ортақ жауапкершілік.\n\nҮйдегі құрылғыларда ата-ана бақылауын қосыңыз; күмәнді контентті көрсеңіз, хабарлаңыз.',
  },
  vi: {
    title: 'Cẩm nang cho cha mẹ: bảo vệ trẻ em trên mạng',
    body: 'Gọi Tổng đài quốc gia bảo vệ trẻ em 111 khi trẻ bị bắt nạt trên mạng.\n\nĐắk Lắk: 02623.951.567.',
  },
  en: {
    title: 'How to stay safe on the Internet',
    body: 'Netiquette for the whole family.\n\nTalk to your children about what they see online, and report harmful content.',
  },
};

/** A message as the hub would render it for one recipient. */
export function outgoing(
  to: string,
  language: Language = 'en',
  overrides: Partial<OutgoingMessage> = {},
): OutgoingMessage {
  return {
    deliveryId: randomUUID(),
    broadcastId: randomUUID(),
    orgId: randomUUID(),
    contactId: randomUUID(),
    to,
    language,
    ...SAMPLES[language],
    ...overrides,
  };
}

/** A send context that is not aborted. */
export function context(attempt = 1): SendContext {
  return { signal: new AbortController().signal, attempt };
}

/** Asserts `promise` rejects with a SafenetError of `code` and `retryable`. */
export async function expectSafenetError(
  promise: Promise<unknown>,
  code: ErrorCode,
  retryable: boolean,
): Promise<SafenetError> {
  const error = await promise.then(
    () => expect.unreachable('expected the send to fail'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SafenetError);
  expect(error).toMatchObject({ code, retryable });
  return error as SafenetError;
}

/** Registers the contract tests for one adapter. */
export function channelContract(target: ContractTarget): void {
  const message = (n: number, language?: Language, overrides: Partial<OutgoingMessage> = {}) => {
    const to = target.address(n);
    return outgoing(
      to,
      language,
      target.addressIsContactId ? { contactId: to, ...overrides } : overrides,
    );
  };
  const refused = (to: string) => outgoing(to, 'en');

  describe(`${target.name} channel contract`, () => {
    it(`is tagged ${target.channel}/${target.provider}`, async () => {
      await using harness = await target.setup();
      expect(harness.adapter.channel).toBe(target.channel);
      expect(harness.adapter.provider).toBe(target.provider);
    });

    it.each(Object.keys(SAMPLES) as Language[])('delivers %s text intact', async (language) => {
      await using harness = await target.setup();
      const sent = message(1, language);

      const result = await harness.adapter.send(sent, context());

      expect(result.status).toBe(target.status);
      expect(
        result.providerMessageId === null || typeof result.providerMessageId === 'string',
      ).toBe(true);
      expect(await harness.received()).toEqual([
        {
          to: sent.to,
          deliveryId: sent.deliveryId,
          title: target.keepsTitle ? sent.title : null,
          body: sent.body,
        },
      ]);
    });

    it('sends a message without a title', async () => {
      await using harness = await target.setup();
      const sent = message(1, 'ru', { title: null });

      await expect(harness.adapter.send(sent, context())).resolves.toMatchObject({
        status: target.status,
      });
      const [receipt] = await harness.received();
      expect(receipt).toMatchObject({ deliveryId: sent.deliveryId, body: sent.body });
    });

    it('delivers concurrent sends each exactly once', async () => {
      await using harness = await target.setup();
      const messages = Array.from({ length: 20 }, (_, i) => message(i, i % 2 ? 'kk' : 'vi'));

      await Promise.all(messages.map((m) => harness.adapter.send(m, context())));

      const received = await harness.received();
      expect(received.map((r) => r.deliveryId).sort()).toEqual(
        messages.map((m) => m.deliveryId).sort(),
      );
    });

    it('refuses an aborted send with a retryable error and sends nothing', async () => {
      await using harness = await target.setup();
      const controller = new AbortController();
      controller.abort(new Error('hub shutting down'));

      await expectSafenetError(
        harness.adapter.send(message(1), { signal: controller.signal, attempt: 1 }),
        'provider_unavailable',
        true,
      );
      expect(await harness.received()).toEqual([]);
    });

    it('closes, more than once', async () => {
      await using harness = await target.setup();
      await harness.adapter.send(message(1), context());
      await harness.adapter.close?.();
      await harness.adapter.close?.();
    });

    const failures = target.failures;
    if (!failures) return;
    describe('provider failures', () => {
      it('reports a permanent refusal as provider_rejected, not retryable', async () => {
        await using harness = await target.setup();
        await expectSafenetError(
          harness.adapter.send(refused(failures.permanent), context()),
          'provider_rejected',
          false,
        );
      });

      it('reports a temporary refusal as provider_unavailable, retryable', async () => {
        await using harness = await target.setup();
        await expectSafenetError(
          harness.adapter.send(refused(failures.transient), context()),
          'provider_unavailable',
          true,
        );
      });

      it('reports an unreachable provider as provider_unavailable, retryable', async () => {
        const adapter = await failures.unreachable();
        try {
          await expectSafenetError(
            adapter.send(message(1), context()),
            'provider_unavailable',
            true,
          );
        } finally {
          await adapter.close?.();
        }
      });

      it('keeps sending to others after a refusal', async () => {
        await using harness = await target.setup();
        await harness.adapter.send(refused(failures.permanent), context()).catch(() => {});
        await harness.adapter.send(refused(failures.transient), context()).catch(() => {});
        const sent = message(1);

        await expect(harness.adapter.send(sent, context())).resolves.toMatchObject({
          status: target.status,
        });
        expect((await harness.received()).map((r) => r.deliveryId)).toEqual([sent.deliveryId]);
      });
    });
  });
}
