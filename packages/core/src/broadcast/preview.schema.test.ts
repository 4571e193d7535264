import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { BroadcastPreview } from './preview.schema.js';

const preview = {
  recipients: 7,
  byChannel: { whatsapp: 3, sms: 2, email: 1 },
  unreachable: 1,
  unreachableReasons: { opted_out: 1, no_consent: 0, no_address: 0 },
  languages: [
    { language: 'ru', recipients: 3, reachable: 3, contentLanguage: 'ru' },
    { language: 'kk', recipients: 2, reachable: 2, contentLanguage: 'ru' },
    { language: 'vi', recipients: 1, reachable: 1, contentLanguage: null },
  ],
  sms: {
    languages: [
      {
        language: 'kk',
        contentLanguage: 'ru',
        recipients: 2,
        encoding: 'UCS-2',
        units: 71,
        segments: 2,
        signposting: '',
      },
    ],
    estimatedSegments: 4,
  },
  attachments: {
    files: 1,
    bytes: 482133,
    byChannel: {
      whatsapp: { mode: 'media', files: 1, bytes: 482133 },
      sms: { mode: 'links', files: 1, bytes: 0 },
      email: { mode: 'attached', files: 1, bytes: 482133 },
    },
  },
  cost: {
    currency: 'USD',
    byChannel: { sms: '0.29' },
    total: '0.29',
    unpriced: [{ channel: 'sms', country: null, recipients: 1 }],
  },
};

describe('BroadcastPreview', () => {
  it('accepts a preview, a language without content included', () => {
    expect(BroadcastPreview.parse(preview)).toEqual(preview);
  });

  it('accepts the empty preview of a segment that matches nobody', () => {
    const empty = {
      recipients: 0,
      byChannel: { sms: 0 },
      unreachable: 0,
      unreachableReasons: { opted_out: 0, no_consent: 0, no_address: 0 },
      languages: [],
      sms: { languages: [], estimatedSegments: 0 },
      attachments: { files: 0, bytes: 0, byChannel: {} },
      cost: null,
    };
    expect(BroadcastPreview.parse(empty)).toEqual(empty);
  });

  it('accepts the Zalo part of a broadcast to Zalo, and refuses a negative count in it', () => {
    const zalo = {
      template: 2,
      message: 1,
      noTemplate: 1,
      notVietnamese: 0,
      missingTemplates: ['ru'],
      languages: [
        {
          language: 'kk',
          contentLanguage: 'ru',
          template: 0,
          message: 0,
          noTemplate: 1,
          notVietnamese: 0,
        },
        {
          language: 'vi',
          contentLanguage: 'vi',
          template: 2,
          message: 1,
          noTemplate: 0,
          notVietnamese: 0,
        },
      ],
    };
    const withZalo = { ...preview, byChannel: { zalo: 4, sms: 2 }, zalo };
    expect(BroadcastPreview.parse(withZalo)).toEqual(withZalo);
    expect(
      issues(BroadcastPreview.safeParse({ ...withZalo, zalo: { ...zalo, noTemplate: -1 } })),
    ).toEqual([['zalo.noTemplate', 'too_small']]);
  });

  it('refuses an unknown encoding, channel or negative count', () => {
    const [sms] = preview.sms.languages;
    expect(
      issues(
        BroadcastPreview.safeParse({
          ...preview,
          byChannel: { pigeon: 1 },
          unreachable: -1,
          sms: { ...preview.sms, languages: [{ ...sms, encoding: 'UTF-8' }] },
        }),
      ),
    ).toEqual([
      ['byChannel', 'unrecognized_keys'],
      ['unreachable', 'too_small'],
      ['sms.languages.0.encoding', 'invalid_value'],
    ]);
  });
});
