import type { TelegramChat, TelegramPost, TelegramPostTarget } from '@safenet/sdk';
import { TELEGRAM_CHAT_STATUSES } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { fieldView, printView } from '../output/render.js';
import { contentInput, pairs } from './broadcast-input.js';
import { collect, connect, repeat } from './shared.js';

/** A post's outcome per chat, as a table. */
function printTargets(io: Io, format: OutputFormat, post: TelegramPost): void {
  printView<TelegramPostTarget>(io, format, {
    json: post,
    rows: post.targets,
    columns: [
      { header: 'chat', value: (t) => t.title },
      { header: 'status', value: (t) => t.status },
      { header: 'language', value: (t) => t.language ?? '' },
      { header: 'posted', value: (t) => t.postedAt ?? '' },
      { header: 'error', value: (t) => (t.error ? `${t.error.code}: ${t.error.message}` : '') },
    ],
  });
}

/**
 * `telegram chats|connect|post|post-status`: the Telegram groups and channels organisations
 * connected to the hub's bot, and posts to them (docs/guides/telegram.md).
 */
export function registerTelegramCommands(program: Command, io: Io): void {
  const telegram = program
    .command('telegram')
    .description(
      'Telegram groups and channels connected to the hub’s bot, and posts to them (a target of their own, apart from contacts).',
    );

  documented(
    telegram
      .command('chats')
      .description('List the connected groups and channels of your key’s subtree, by title.')
      .addOption(
        new Option('--status <status>', 'only chats in this state').choices([
          ...TELEGRAM_CHAT_STATUSES,
        ]),
      )
      .option('--org <orgId>', 'the chats of this organisation’s subtree')
      .addOption(outputOption())
      .action(
        async (
          options: { status?: TelegramChat['status']; org?: string; output?: OutputFormat },
          command: Command,
        ) => {
          const client = await connect(command, io);
          const { items } = await client.telegram.chats.list({
            ...(options.status ? { status: options.status } : {}),
            ...(options.org ? { orgId: options.org } : {}),
          });
          printView<TelegramChat>(io, outputFormat(io, options.output), {
            json: items,
            rows: items,
            columns: [
              { header: 'id', value: (c) => c.id },
              { header: 'title', value: (c) => c.title },
              { header: 'type', value: (c) => c.type },
              { header: 'language', value: (c) => c.language },
              { header: 'status', value: (c) => c.status },
            ],
          });
        },
      ),
    {
      examples: [
        {
          comment: 'the chats posts can go to now',
          command: 'safenet telegram chats --status active',
        },
      ],
    },
  );

  documented(
    telegram
      .command('connect')
      .description(
        'Make a one-time link (valid a day) for an administrator of a Telegram group or channel to connect it to an organisation. A group: open the group URL and pick the group. A channel: add the bot as an administrator allowed to post, then post the command there (the bot deletes it). Needs a write key.',
      )
      .requiredOption('--org <orgId>', 'the organisation the chat posts for')
      .requiredOption(
        '--language <lang>',
        'the language posts there are written in (ru, kk, vi, en)',
      )
      .addOption(outputOption())
      .action(
        async (
          options: { org: string; language: string; output?: OutputFormat },
          command: Command,
        ) => {
          const client = await connect(command, io);
          const link = await client.telegram.chats.link({
            orgId: options.org,
            language: options.language,
          });
          printView(
            io,
            outputFormat(io, options.output),
            fieldView(link, [
              ['group url', link.groupUrl],
              ['channel url', link.channelUrl],
              ['command', link.command],
              ['expires at', link.expiresAt],
            ]),
          );
          note(io, 'Give it to an administrator of the chat: it connects one chat, once.');
        },
      ),
    {
      examples: [
        {
          comment: 'connect the committee’s group, posting in Kazakh',
          command: 'safenet telegram connect --org "$COMMITTEE" --language kk',
        },
      ],
      exits: {
        3: 'no such organisation in your key’s subtree',
        4: 'the hub refused it: `telegram_not_configured`, or the key lacks the write scope',
      },
    },
  );

  documented(
    telegram
      .command('post')
      .description(
        'Post a recommendation, or your own text, once in each chosen chat, in the chat’s language. Every chat must be active: one that is not refuses the whole post (telegram_chat_unavailable) and nothing is posted. Needs a send key.',
      )
      .requiredOption('--org <orgId>', 'the organisation posting')
      .requiredOption('--chat <chatId>', 'a connected chat (repeat, or a,b,c)', collect)
      .option('--recommendation <id>', 'post this recommendation (its published version)')
      .option('--title <lang=text>', 'a title in one language, for your own text (repeat)', repeat)
      .option('--body <lang=text>', 'the text in one language (repeat)', repeat)
      .option('--var <name=value>', 'a value for a {{variable}} of the content (repeat)', repeat)
      .option('--send-at <time>', 'when to post, ISO 8601 (default: now)')
      .addOption(outputOption())
      .action(
        async (
          options: {
            org: string;
            chat: string[];
            recommendation?: string;
            title?: string[];
            body?: string[];
            var?: string[];
            sendAt?: string;
            output?: OutputFormat;
          },
          command: Command,
        ) => {
          const content = contentInput(options);
          if (content === undefined) throw usageError('give --recommendation or --body');
          const client = await connect(command, io);
          const post = await client.telegram.posts.create({
            orgId: options.org,
            chatIds: options.chat,
            content,
            ...(options.var ? { variables: pairs(options.var, '--var') } : {}),
            ...(options.sendAt ? { sendAt: options.sendAt } : {}),
          });
          printTargets(io, outputFormat(io, options.output), post);
          note(io, `Post ${post.id}: follow it with safenet telegram post-status ${post.id}`);
        },
      ),
    {
      examples: [
        {
          comment: 'post Kazakh text to the committee’s chat',
          command:
            'safenet telegram post --org "$COMMITTEE" --chat "$CHAT" --body "kk=Жадынама: сенім телефоны 111"',
        },
      ],
      exits: {
        3: 'a chat or the organisation is not in your key’s subtree',
        4: 'the hub refused it: `telegram_chat_unavailable` (a chat is not active), or the key lacks the send scope',
      },
    },
  );

  documented(
    telegram
      .command('post-status')
      .description('Each chat’s outcome of a post: posted, queued, failed (and why) or cancelled.')
      .argument('<postId>', 'the post’s id')
      .addOption(outputOption())
      .action(async (postId: string, options: { output?: OutputFormat }, command: Command) => {
        const client = await connect(command, io);
        printTargets(io, outputFormat(io, options.output), await client.telegram.posts.get(postId));
      }),
    {
      examples: [
        { comment: 'where a post stands', command: 'safenet telegram post-status "$POST"' },
      ],
      exits: { 3: 'no post with this id in your key’s subtree' },
    },
  );
}
