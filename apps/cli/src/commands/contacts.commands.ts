import { extname } from 'node:path';
import type { Channel, ConsentFilterStatus, ContactListParams, Language, Role } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { writeNewFile } from '../output/write-file.js';
import { registerImportCommand } from './contact-import.command.js';
import { registerImportsCommands } from './contact-imports.commands.js';
import { CHANNELS, CONSENT_STATUSES, LANGUAGES, ROLES } from './contact-vocabulary.js';
import { collect, connect, wholeNumber } from './shared.js';
import { registerTelegramLinkCommand } from './telegram-link.command.js';

interface ExportFlags {
  out: string;
  format?: 'csv' | 'xlsx';
  org?: string;
  q?: string;
  language?: Language;
  role?: Role;
  channel?: Channel;
  reachableOn?: Channel;
  consent?: string[];
  age?: number;
  force?: boolean;
}

/** `contacts import|export|telegram-link` and `contacts imports list|show|commit`. */
export function registerContactCommands(program: Command, io: Io): void {
  const contacts = program
    .command('contacts')
    .description(
      'Parents, teachers and officials who receive messages: import them from spreadsheets, export them, give them Telegram links.',
    );
  registerImportCommand(contacts, io);
  registerExportCommand(contacts, io);
  registerImportsCommands(contacts, io);
  registerTelegramLinkCommand(contacts, io);
}

function registerExportCommand(contacts: Command, io: Io): void {
  documented(
    contacts
      .command('export')
      .description(
        'Write every contact the filters match as CSV (UTF-8 with a BOM, for Excel) or XLSX, with the import’s columns: importing the file again changes nothing.',
      )
      .addOption(
        new Option(
          '--out <file>',
          'the file to write, .csv or .xlsx; - for stdout',
        ).makeOptionMandatory(),
      )
      .addOption(
        new Option(
          '--format <format>',
          'csv or xlsx (default: from --out’s extension, else csv)',
        ).choices(['csv', 'xlsx']),
      )
      .option('--org <orgId>', 'contacts of this organisation and beneath it (default: yours)')
      .option('--q <text>', 'search: a name, reference, email or phone number, or its beginning')
      .addOption(
        new Option('--language <lang>', 'contacts who read this language').choices(LANGUAGES),
      )
      .addOption(new Option('--role <role>', 'contacts with this role').choices(ROLES))
      .addOption(
        new Option('--channel <channel>', 'contacts with an address on this channel').choices(
          CHANNELS,
        ),
      )
      .addOption(
        new Option(
          '--reachable-on <channel>',
          'contacts a broadcast on this channel would reach (an address and consent)',
        ).choices(CHANNELS),
      )
      .option(
        '--consent <channel:status>',
        'consent conditions, all of which must hold (repeatable, or comma-separated): status granted, revoked or none',
        collect,
      )
      .addOption(
        new Option('--age <years>', 'parents with a child of this age (0–17)').argParser(
          wholeNumber(0, 17),
        ),
      )
      .option('--force', 'overwrite the file if it exists')
      .action(async (flags: ExportFlags, command: Command) => {
        const format = flags.format ?? formatOf(flags.out);
        const params = exportParams(flags);
        const client = await connect(command, io);
        const bytes = await client.contacts.export({ ...params, format });
        if (flags.out === '-') {
          await new Promise<void>((resolve, reject) =>
            io.stdout.write(bytes, (error) => (error ? reject(error) : resolve())),
          );
          return;
        }
        await writeNewFile(flags.out, bytes, flags.force === true);
        note(io, `Wrote ${flags.out} (${format}, ${bytes.byteLength} bytes).`);
      }),
    {
      examples: [
        {
          comment: 'a school’s contacts, to open in Excel',
          command: 'safenet contacts export --org "$SCHOOL" --out contacts.xlsx',
        },
        {
          comment: 'Kazakh-speaking parents with WhatsApp consent, as CSV on stdout',
          command:
            'safenet contacts export --role parent --language kk --consent whatsapp:granted --out - > parents-kk.csv',
        },
      ],
      exits: {
        3: 'the organisation (--org) is not in your key’s subtree',
        4: 'the hub refused it (the key lacks the read scope)',
      },
    },
  );
}

/** `.xlsx` writes a workbook; anything else (and stdout) CSV. */
function formatOf(out: string): 'csv' | 'xlsx' {
  return out !== '-' && extname(out).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
}

function exportParams(flags: ExportFlags): Omit<ContactListParams, 'limit' | 'cursor'> {
  return {
    ...(flags.org ? { orgId: flags.org } : {}),
    ...(flags.q ? { q: flags.q } : {}),
    ...(flags.language ? { language: flags.language } : {}),
    ...(flags.role ? { role: flags.role } : {}),
    ...(flags.channel ? { channel: flags.channel } : {}),
    ...(flags.reachableOn ? { reachableOn: flags.reachableOn } : {}),
    ...(flags.consent ? { consent: consentFilter(flags.consent) } : {}),
    ...(flags.age === undefined ? {} : { age: flags.age }),
  };
}

/** `whatsapp:granted`, `sms:none` → `{ whatsapp: 'granted', sms: 'none' }`. */
function consentFilter(pairs: string[]): Partial<Record<Channel, ConsentFilterStatus>> {
  const filter: Partial<Record<Channel, ConsentFilterStatus>> = {};
  for (const pair of pairs) {
    const [channel, status] = pair.split(':');
    if (
      !(CHANNELS as readonly string[]).includes(channel ?? '') ||
      !(CONSENT_STATUSES as readonly string[]).includes(status ?? '')
    ) {
      throw usageError(
        `--consent ${pair}: write channel:status, e.g. whatsapp:granted (channels: ${CHANNELS.join(', ')}; statuses: ${CONSENT_STATUSES.join(', ')})`,
      );
    }
    filter[channel as Channel] = status as ConsentFilterStatus;
  }
  return filter;
}
