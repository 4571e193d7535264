import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWhatsAppWebClient, WHATSAPP_ACK } from './whatsapp-web.client.js';

describe('WHATSAPP_ACK', () => {
  it("mirrors whatsapp-web.js's MessageAck", async () => {
    const { default: wwebjs } = await import('whatsapp-web.js');
    expect(WHATSAPP_ACK).toEqual({
      ERROR: wwebjs.MessageAck.ACK_ERROR,
      PENDING: wwebjs.MessageAck.ACK_PENDING,
      SERVER: wwebjs.MessageAck.ACK_SERVER,
      DEVICE: wwebjs.MessageAck.ACK_DEVICE,
      READ: wwebjs.MessageAck.ACK_READ,
      PLAYED: wwebjs.MessageAck.ACK_PLAYED,
    });
  });
});

describe('createWhatsAppWebClient', () => {
  // Building the client launches nothing: the browser starts only in initialize().
  it('builds a whatsapp-web.js Client with LocalAuth under the data directory', async () => {
    const { default: wwebjs } = await import('whatsapp-web.js');
    const client = await createWhatsAppWebClient({ dataDir: '/var/lib/safenet' });

    expect(client).toBeInstanceOf(wwebjs.Client);
    const { options } = client as unknown as InstanceType<typeof wwebjs.Client> & {
      options: { authStrategy: unknown; puppeteer: Record<string, unknown> };
    };
    expect(options.authStrategy).toBeInstanceOf(wwebjs.LocalAuth);
    expect(options.authStrategy).toMatchObject({
      dataPath: join('/var/lib/safenet', 'whatsapp-web'),
    });
    expect(options.puppeteer).toMatchObject({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: expect.arrayContaining(['--no-sandbox', '--disable-dev-shm-usage']),
    });
  });

  it('takes another browser and a visible window', async () => {
    const client = await createWhatsAppWebClient({
      dataDir: '/tmp/safenet',
      executablePath: '/usr/lib/chromium/chromium',
      headless: false,
    });
    expect(client).toMatchObject({
      options: { puppeteer: { executablePath: '/usr/lib/chromium/chromium', headless: false } },
    });
  });
});
