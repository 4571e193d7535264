import type { Command } from 'commander';
import qrcode from 'qrcode-terminal';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { fieldView, printView } from '../output/render.js';
import { connect } from './shared.js';

/**
 * `contacts telegram-link <contactId>`: a personal deep link to the hub's Telegram bot. A bot
 * may not message anyone first, so this link is how a contact becomes reachable on Telegram.
 */
export function registerTelegramLinkCommand(contacts: Command, io: Io): void {
  documented(
    contacts
      .command('telegram-link')
      .description(
        'Make a personal link to the hub’s Telegram bot for one contact (docs/guides/telegram.md): once they open it and press Start, their chat becomes their Telegram address and their consent on telegram is recorded; /stop in the chat withdraws it. Print it on a letter to them, or send it by email or SMS: it works once, for one chat, until it expires. Each run makes a new link; earlier ones keep working until theirs expire. Needs a write key.',
      )
      .argument('<contactId>', 'the contact, in your key’s subtree')
      .addOption(outputOption())
      .option(
        '--qr',
        'also draw the link’s QR code in the terminal (on stderr, so stdout stays the link’s data)',
      )
      .action(
        async (
          contactId: string,
          options: { output?: OutputFormat; qr?: boolean },
          command: Command,
        ) => {
          const client = await connect(command, io);
          const link = await client.contacts.telegramLink(contactId);
          if (options.qr) {
            qrcode.generate(link.url, { small: true }, (code) => io.stderr.write(`${code}\n`));
          }
          printView(
            io,
            outputFormat(io, options.output),
            fieldView(link, [
              ['url', link.url],
              ['expires at', link.expiresAt],
            ]),
          );
          note(
            io,
            'Give it to this contact only: whoever opens it first receives their messages on Telegram.',
          );
        },
      ),
    {
      examples: [
        {
          comment: 'a link to print on a letter to a parent, with its QR code to scan',
          command: 'safenet contacts telegram-link "$CONTACT" --qr',
        },
        {
          comment: 'just the URL, for an email or SMS',
          command: 'safenet contacts telegram-link "$CONTACT" -o json | jq -r .url',
        },
      ],
      exits: {
        3: 'no such contact in your key’s subtree',
        4: 'the hub refused it: `telegram_not_configured` (the administrator must set SAFENET_TELEGRAM_BOT_TOKEN, SAFENET_TELEGRAM_WEBHOOK_SECRET and SAFENET_TELEGRAM_BOT_USERNAME), or the key lacks the write scope',
      },
    },
  );
}
