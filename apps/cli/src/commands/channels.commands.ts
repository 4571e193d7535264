import type { ChannelInfo, ChannelSession, SafenetClient } from '@safenet/sdk';
import type { Command } from 'commander';
import qrcode from 'qrcode-terminal';
import { CliError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { printView } from '../output/render.js';
import { connect } from './shared.js';

/** `channels status` and `whatsapp pair`. */
export function registerChannelCommands(program: Command, io: Io): void {
  const channels = program.command('channels').description('The hub’s channel adapters.');

  documented(
    channels
      .command('status')
      .description(
        'Each channel: the provider sending it, whom it serves, whether it is paused and why.',
      )
      .addOption(outputOption())
      .action(async (options: { output?: OutputFormat }, command: Command) => {
        const client = await connect(command, io);
        const { items } = await client.channels.list();
        printView<ChannelInfo>(io, outputFormat(io, options.output), {
          json: items,
          rows: items,
          columns: [
            { header: 'channel', value: (channel) => channel.channel },
            { header: 'provider', value: (channel) => channel.provider },
            { header: 'serves', value: (channel) => channel.orgId ?? 'everyone' },
            {
              header: 'state',
              value: (channel) => (channel.paused ? `paused: ${channel.paused}` : 'sending'),
            },
            { header: 'receipts', value: (channel) => (channel.reportsDelivery ? 'yes' : 'no') },
            { header: 'paired', value: (channel) => (channel.pairs ? 'with a phone' : '') },
          ],
        });
      }),
    {
      examples: [
        { comment: 'is anything paused?', command: 'safenet channels status' },
        { comment: 'as CSV for a report', command: 'safenet channels status -o csv' },
      ],
    },
  );

  const whatsapp = program
    .command('whatsapp')
    .description('The WhatsApp Web phone the hub sends from.');
  documented(
    whatsapp
      .command('pair')
      .description(
        'Start (or restart) the WhatsApp Web session and show its QR code in the terminal until the phone is paired. Needs an admin key. Ctrl-C stops watching; the session goes on in the hub.',
      )
      .action(async (_options: unknown, command: Command) => {
        const client = await connect(command, io);
        await pair(io, client);
      }),
    {
      examples: [
        {
          comment: 'pair the association’s phone: scan the code in WhatsApp › Linked devices',
          command: 'safenet whatsapp pair',
        },
      ],
      exits: {
        3: 'the hub has no WhatsApp Web phone for your key’s organisation',
        4: 'the key lacks the admin scope',
      },
    },
  );
}

/** Follows the session: a QR code for each new one, until `ready` (0) or `failed` (1). */
function pair(io: Io, client: SafenetClient): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let shownQr: string | null = null;
    let done = false;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      subscription.close();
      stopInterrupt();
      if (error === undefined) resolve();
      else reject(error);
    };
    const show = (session: ChannelSession) => {
      if (done || session.channel !== 'whatsapp') return;
      if (session.state === 'qr' && session.qr && session.qr !== shownQr) {
        shownQr = session.qr;
        qrcode.generate(session.qr, { small: true }, (code) => io.stdout.write(`${code}\n`));
        note(io, 'Scan it with the phone: WhatsApp › Settings › Linked devices › Link a device.');
      } else if (session.state === 'ready') {
        note(io, `Paired: ${session.provider} is ready and sends.`);
        finish();
      } else if (session.state === 'failed') {
        finish(
          new CliError(
            'pairing_failed',
            session.detail ?? 'the session failed',
            EXIT_CODES.failure.code,
          ),
        );
      } else if (session.state !== 'qr') {
        note(io, `Session ${session.state}${session.detail ? `: ${session.detail}` : ''}…`);
      }
    };
    let started = false;
    const subscription = client.stream.subscribe({
      types: ['channel.session'],
      onOpen: () => {
        // Started once the stream listens, so no QR code sent in between is missed; a
        // reconnection reads the session as it is now instead of starting it again.
        const read = started
          ? client.channels.session('whatsapp')
          : client.channels.startSession('whatsapp');
        started = true;
        read.then(show, (error) => finish(error));
      },
      onEvent: (event) => show(event.data),
      onError: (error) => {
        if (!error.retryable) finish(error);
      },
    });
    const stopInterrupt = io.onInterrupt(() => {
      note(
        io,
        'Stopped watching; the session goes on in the hub. Run `safenet whatsapp pair` again for a new code.',
      );
      finish();
    });
  });
}
