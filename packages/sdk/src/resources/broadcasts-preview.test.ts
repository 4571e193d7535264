import { BroadcastPreview } from '@safenet/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SafenetClient } from '../client.js';
import { SafenetApiError } from '../http/errors.js';
import { startHttpStub } from '../testing/http-stub.js';

const ORG = '0190a5a0-0000-7000-8000-000000000001';
const SEGMENT = '0190a5a0-0000-7000-8000-00000000000a';

const input = {
  orgId: ORG,
  segmentId: SEGMENT,
  channels: ['whatsapp' as const, 'sms' as const],
  content: { body: { ru: 'Родительское собрание в пятницу', en: 'Parents meeting on Friday' } },
};

/** The hub's answer for 3 ru parents on WhatsApp and 2 kk parents on SMS. */
const answer: BroadcastPreview = {
  recipients: 5,
  byChannel: { whatsapp: 3, sms: 2 },
  unreachable: 0,
  unreachableReasons: { opted_out: 0, no_consent: 0, no_address: 0 },
  languages: [
    { language: 'ru', recipients: 3, reachable: 3, contentLanguage: 'ru' },
    { language: 'kk', recipients: 2, reachable: 2, contentLanguage: 'ru' },
  ],
  sms: {
    languages: [
      {
        language: 'kk',
        contentLanguage: 'ru',
        recipients: 2,
        encoding: 'UCS-2',
        units: 31,
        segments: 1,
        signposting: '',
      },
    ],
    estimatedSegments: 2,
  },
  attachments: { files: 0, bytes: 0, byChannel: {} },
  cost: {
    currency: 'USD',
    byChannel: { whatsapp: '0.108', sms: '0.145' },
    total: '0.253',
    unpriced: [],
  },
};

describe('broadcasts.preview', () => {
  it('posts the broadcast body to /v1/broadcasts/preview and returns the preview', async () => {
    await using hub = await startHttpStub(() => ({ status: 200, body: answer }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    const preview = await client.broadcasts.preview(input, { idempotencyKey: 'preview-1' });
    expectTypeOf(preview).toEqualTypeOf<BroadcastPreview>();
    expect(preview).toEqual(answer);
    expect(BroadcastPreview.parse(preview)).toEqual(answer);
    expect(hub.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v1/broadcasts/preview', body: input }),
    ]);
    expect(hub.requests[0]?.headers['idempotency-key']).toBe('preview-1');
  });

  it('rejects with the hub’s error code, e.g. a segment outside the key’s subtree', async () => {
    await using hub = await startHttpStub(() => ({
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
      body: {
        type: 'https://safenet.dev/errors/not_found',
        title: 'Not found',
        status: 404,
        code: 'not_found',
        retryable: false,
        detail: `No segment ${SEGMENT} in your organisation's subtree`,
      },
    }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    const error = await client.broadcasts.preview(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafenetApiError);
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
    expect(hub.requests).toHaveLength(1);
  });
});
