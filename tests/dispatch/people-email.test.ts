/**
 * Invitations and password resets go out through the hub's SMTP adapter, as one plain
 * message to one address in the person's language — never through the outbox that `read`
 * keys list, never as a broadcast.
 */
import type { InvitationCreated } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

describe('emails to people over SMTP', () => {
  let smtp: SmtpTestServer;
  let th: TestHub;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    th = await startTestHub({ workers: false, env: { SAFENET_SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await th?.close();
    await smtp?.close();
  });

  it('sends an invitation in the invitee’s language with its link, and nothing to the outbox', async () => {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: th.auth,
      payload: {
        email: 'hieu.truong@example.org',
        orgId: th.seed.schoolIds[1],
        role: 'viewer',
        language: 'vi',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const invitation = res.json<InvitationCreated>();
    expect(invitation.emailed).toBe(true);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.to).toEqual(['hieu.truong@example.org']);
    expect(mail?.parsed?.subject).toBe('Lời mời tham gia Safenet');
    expect(mail?.parsed?.text).toContain(invitation.link);
    expect(mail?.parsed?.text).toContain('Nguyễn Bình Khiêm High School');
    expect(mail?.parsed?.headers.get('content-language')).toBe('vi');
    expect(mail?.parsed?.headers.get('list-unsubscribe')).toBeUndefined();
    const outbox = await th.hub.app.inject({ url: '/v1/outbox?channel=email', headers: th.auth });
    expect(JSON.stringify(outbox.json())).not.toContain(invitation.link);
  });

  it('sends a reset link to an account’s address only', async () => {
    const before = smtp.messages.length;
    const ask = (email: string) =>
      th.hub.app.inject({ method: 'POST', url: '/v1/password-resets', payload: { email } });
    expect((await ask('nobody@example.org')).statusCode).toBe(202);
    expect((await ask('sender.almaty@example.org')).statusCode).toBe(202);
    const mails = await smtp.waitFor(before + 1);
    const mail = mails.at(-1);
    expect(mail?.envelope.to).toEqual(['sender.almaty@example.org']);
    expect(mail?.parsed?.subject).toBe('Safenet құпиясөзін қалпына келтіру');
    expect(mail?.parsed?.text).toMatch(/\/reset-password\?token=[\w-]{43}/);
    expect(smtp.messages.flatMap((m) => m.envelope.to)).not.toContain('nobody@example.org');
  });
});
