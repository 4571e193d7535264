import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import {
  ATTACHMENT_CONTENT_TYPES,
  AttachmentUploadQuery,
  attachmentKind,
  attachmentLinks,
  attachmentMode,
  EMAIL_ATTACHMENTS_MAX_BYTES,
  isAttachmentContentType,
} from './attachment.schema.js';

describe('AttachmentUploadQuery', () => {
  it('takes a memo’s name in any script, NFC and trimmed', () => {
    const decomposed = ' Cẩm nang cho cha mẹ.pdf '.normalize('NFD');
    expect(AttachmentUploadQuery.parse({ name: decomposed }).name).toBe(
      'Cẩm nang cho cha mẹ.pdf'.normalize('NFC'),
    );
    expect(AttachmentUploadQuery.parse({ name: 'Памятка для родителей.pdf' }).name).toBe(
      'Памятка для родителей.pdf',
    );
  });

  it.each([
    [''],
    ['   '],
    ['../etc/passwd'],
    ['a\\b.pdf'],
    ['memo\n.pdf'],
    ['..'],
    ['x'.repeat(201)],
  ])('refuses the name %j', (name) => {
    expect(issues(AttachmentUploadQuery.safeParse({ name }))).toHaveLength(1);
  });
});

describe('the attachment types', () => {
  it('are PDF, JPEG, PNG and the three Office documents, images sent as images', () => {
    expect(ATTACHMENT_CONTENT_TYPES).toHaveLength(6);
    expect(attachmentKind('image/png')).toBe('image');
    expect(attachmentKind('application/pdf')).toBe('document');
    expect(isAttachmentContentType('application/x-msdownload')).toBe(false);
    expect(isAttachmentContentType('toString')).toBe(false);
  });
});

describe('attachmentMode', () => {
  it('sends media on WhatsApp, attaches to email up to the limit, links elsewhere', () => {
    expect(attachmentMode('whatsapp', 5_000_000)).toBe('media');
    expect(attachmentMode('email', EMAIL_ATTACHMENTS_MAX_BYTES)).toBe('attached');
    expect(attachmentMode('email', EMAIL_ATTACHMENTS_MAX_BYTES + 1)).toBe('links');
    expect(attachmentMode('sms', 10)).toBe('links');
    expect(attachmentMode('websocket', 10)).toBe('links');
  });
});

describe('attachmentLinks', () => {
  const files = [
    { filename: 'Памятка.pdf', url: 'https://hub.example/a/1' },
    { filename: 'Poster.png', url: 'https://hub.example/a/2' },
  ];

  it('writes one line per file, with or without its name', () => {
    expect(attachmentLinks(files, { names: true })).toBe(
      'Памятка.pdf: https://hub.example/a/1\nPoster.png: https://hub.example/a/2',
    );
    expect(attachmentLinks(files, { names: false })).toBe(
      'https://hub.example/a/1\nhttps://hub.example/a/2',
    );
    expect(attachmentLinks([], { names: false })).toBe('');
  });
});
