/**
 * The SMTP adapter wired to the local SMTP server fixture, for the contract suite and the
 * SMTP-specific tests.
 */
import { createSmtpAdapter, type SmtpConfigInput } from '@safenet/channels';
import { type ReceivedMail, type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import type { ChannelHarness, ContractTarget, Receipt } from './channel.contract.js';

export const FROM = 'Безопасный Интернет <noreply@safenet.example.org>';

/** Recipients the test SMTP server refuses, by reply class. */
export const REFUSED = {
  permanent: 'no-such-parent@school.example.kz',
  transient: 'mailbox-full@school.example.kz',
};

export function smtpAdapter(
  smtp: Pick<SmtpTestServer, 'url'>,
  config: Partial<SmtpConfigInput> = {},
) {
  return createSmtpAdapter({ url: smtp.url, from: FROM, ignoreTLS: true, ...config });
}

export async function smtpHarness(): Promise<ChannelHarness & { smtp: SmtpTestServer }> {
  const smtp = await startSmtpServer({
    failWith: (to) => {
      if (to === REFUSED.permanent) return { code: 550, message: '5.1.1 No such user' };
      if (to === REFUSED.transient) return { code: 452, message: '4.2.2 Mailbox full' };
      return undefined;
    },
  });
  const adapter = smtpAdapter(smtp);
  return {
    smtp,
    adapter,
    received: async () => smtp.messages.map(receiptOf),
    async [Symbol.asyncDispose]() {
      await adapter.close?.();
      await smtp.close();
    },
  };
}

export function receiptOf(mail: ReceivedMail): Receipt {
  const delivery = mail.parsed?.headers.get('x-safenet-delivery');
  return {
    to: mail.envelope.to.join(', '),
    deliveryId: typeof delivery === 'string' ? delivery : '',
    title: mail.parsed?.subject ?? null,
    body: mail.parsed?.text ?? '',
  };
}

/** The SMTP adapter against a local server that refuses {@link REFUSED} recipients. */
export const smtpTarget: ContractTarget = {
  name: 'smtp',
  channel: 'email',
  provider: 'smtp',
  status: 'sent',
  keepsTitle: true,
  address: (n) => `parent-${n}@school.example.kz`,
  setup: smtpHarness,
  failures: {
    ...REFUSED,
    async unreachable() {
      const gone = await startSmtpServer();
      await gone.close();
      return smtpAdapter(gone);
    },
  },
};
