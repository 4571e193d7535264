import {
  CASE_CATEGORIES,
  CASE_PLATFORMS,
  CASE_REPORT_LIMITS,
  type CaseCategory,
  type CasePlatform,
  LANGUAGES,
  type Language,
} from '@safenet/core';
import { Composer, type Context } from 'grammy';
import type { DatabaseHandle } from '../../../platform/database/schema.js';
import type { ForgetReporter, ReportStatusOf, SubmitCaseReport } from '../../cases/index.js';
import type { IntakeDraft, IntakeStep } from './intake.draft.js';
import { choices, confirmKeyboard, yesNoKeyboard } from './intake.keyboards.js';
import { linksOf } from './intake.links.js';
import {
  type Conversation,
  dropConversation,
  readConversation,
  saveConversation,
  takeConversation,
} from './intake.store.js';
import { INTAKE_WORDS, type IntakeWords, languageOfCode } from './intake.words.js';

/** What the intake conversation needs: its table, the clock, and the cases module's doors. */
export interface IntakeDeps {
  db: DatabaseHandle;
  now(): number;
  /** The keyed hash that names a chat in the table. */
  chatKey(chatId: number): Promise<string>;
  submit: SubmitCaseReport;
  statusOf: ReportStatusOf;
  forget: ForgetReporter;
  /** The organisation whose intake the bot is (resolved from its code). */
  intakeOrgId(): Promise<string>;
  /** Logs a failure without anything that names the reporter or what they wrote. */
  warn(error: unknown, message: string): void;
}

/** Kinds of message that carry a file: never taken, never downloaded. */
const FILE_MESSAGES = [
  'message:photo',
  'message:video',
  'message:animation',
  'message:voice',
  'message:video_note',
  'message:audio',
  'message:document',
  'message:sticker',
] as const;

/** The step that asks for what the draft lacks first. */
function nextStep(draft: IntakeDraft): IntakeStep {
  if (draft.links === undefined) return 'links';
  if (draft.category === undefined) return 'category';
  if (draft.platform === undefined) return 'platform';
  if (draft.description === undefined) return 'description';
  if (draft.feedback === undefined) return 'feedback';
  return 'confirm';
}

/**
 * The intake conversation (issue 14): /start → links → category → platform → description →
 * hear back here? → confirm → the reference; /cancel, /language, /status and /forget at any time. One
 * handler of the bot among those to come (issue 17's /stop and deep links): it answers
 * private chats only and leaves everything else to the next.
 */
export function intakeConversation(deps: IntakeDeps): Composer<Context> {
  const intake = new Composer<Context>();
  const chats = intake.chatType('private');

  const languageOf = (ctx: Context, conversation?: Conversation): Language | undefined =>
    conversation?.language ?? languageOfCode(ctx.from?.language_code);
  const load = async (ctx: Context) => {
    const key = await deps.chatKey(ctx.chat?.id as number);
    return { key, conversation: await readConversation(deps.db, key, deps.now()) };
  };

  /** Asks the question of `step` in `language`. */
  const ask = async (ctx: Context, step: IntakeStep, language: Language, draft: IntakeDraft) => {
    const w = INTAKE_WORDS[language];
    switch (step) {
      case 'language':
        return ctx.reply(w.chooseLanguage, {
          reply_markup: choices(LANGUAGES.map((l) => [`lang:${l}`, INTAKE_WORDS[l].languageName])),
        });
      case 'links':
        return ctx.reply(w.askLinks);
      case 'category':
        return ctx.reply(w.askCategory, {
          reply_markup: choices(CASE_CATEGORIES.map((c) => [`cat:${c}`, w.categories[c]])),
        });
      case 'platform':
        return ctx.reply(w.askPlatform, {
          reply_markup: choices(CASE_PLATFORMS.map((p) => [`plat:${p}`, w.platforms[p]])),
        });
      case 'description':
        return ctx.reply(w.askDescription);
      case 'feedback':
        return ctx.reply(w.askFeedback, { reply_markup: yesNoKeyboard(w) });
      case 'confirm':
        return ctx.reply(summaryOf(w, draft), { reply_markup: confirmKeyboard(w) });
    }
  };

  /** Stores the draft and asks its next question. */
  const advance = async (ctx: Context, key: string, language: Language, draft: IntakeDraft) => {
    const step = nextStep(draft);
    await saveConversation(deps.db, key, { step, language, draft }, deps.now());
    await ask(ctx, step, language, draft);
  };

  chats.command('start', async (ctx) => {
    const { key, conversation } = await load(ctx);
    const language = languageOf(ctx, conversation);
    if (language === undefined) {
      await saveConversation(
        deps.db,
        key,
        { step: 'language', language: 'en', draft: {} },
        deps.now(),
      );
      await ask(ctx, 'language', 'en', {});
      return;
    }
    // /start begins again: an earlier draft is dropped.
    await ctx.reply(INTAKE_WORDS[language].welcome);
    await advance(ctx, key, language, {});
  });

  chats.command('language', async (ctx) => {
    const { key, conversation } = await load(ctx);
    const language = languageOf(ctx, conversation) ?? 'en';
    const draft = conversation?.draft ?? {};
    await saveConversation(deps.db, key, { step: 'language', language, draft }, deps.now());
    await ask(ctx, 'language', language, draft);
  });

  chats.command('cancel', async (ctx) => {
    const { key, conversation } = await load(ctx);
    const w = INTAKE_WORDS[languageOf(ctx, conversation) ?? 'en'];
    const dropped = await dropConversation(deps.db, key);
    await ctx.reply(dropped ? w.cancelled : w.nothingToCancel);
  });

  chats.command('status', async (ctx) => {
    const { conversation } = await load(ctx);
    const w = INTAKE_WORDS[languageOf(ctx, conversation) ?? 'en'];
    const reference = ctx.match.trim();
    if (reference.length === 0 || reference.length > 64) return ctx.reply(w.statusUsage);
    const status = await deps.statusOf(reference, {
      kind: 'telegram',
      userId: ctx.from?.id as number,
    });
    if (status === null) return ctx.reply(w.statusUnknown);
    return ctx.reply(w.status(status.reference, w.states[status.status]));
  });

  chats.command('forget', async (ctx) => {
    // The reporter asks to be forgotten: the draft goes, and every report of theirs loses who
    // sent it (the reports stay with their cases, without a pseudonym or a chat to answer).
    const { key, conversation } = await load(ctx);
    const w = INTAKE_WORDS[languageOf(ctx, conversation) ?? 'en'];
    await dropConversation(deps.db, key);
    const reports = await deps.forget({ kind: 'telegram', userId: ctx.from?.id as number });
    return ctx.reply(w.forgotten(reports));
  });

  chats.on([...FILE_MESSAGES], async (ctx) => {
    // Nothing of the file is read, stored or fetched (no getFile): only the reply.
    const { conversation } = await load(ctx);
    await ctx.reply(INTAKE_WORDS[languageOf(ctx, conversation) ?? 'en'].fileRefused);
  });

  chats.on('message:text', async (ctx) => {
    const { key, conversation } = await load(ctx);
    const language = languageOf(ctx, conversation);
    if (conversation === undefined || language === undefined) {
      // No report under way: a link sent straight away starts one.
      if (language === undefined) {
        await saveConversation(
          deps.db,
          key,
          { step: 'language', language: 'en', draft: {} },
          deps.now(),
        );
        return ask(ctx, 'language', 'en', {});
      }
      return takeLinks(ctx, key, language, {});
    }
    const { step, draft } = conversation;
    const w = INTAKE_WORDS[language];
    if (step === 'links') return takeLinks(ctx, key, language, draft);
    if (step === 'description') {
      const description = ctx.message.text.trim();
      if (description.length > CASE_REPORT_LIMITS.description) {
        return ctx.reply(w.descriptionTooLong(CASE_REPORT_LIMITS.description));
      }
      if (description.length === 0) return ask(ctx, step, language, draft);
      return advance(ctx, key, language, { ...draft, description });
    }
    await ctx.reply(w.pressButton);
    return ask(ctx, step, language, draft);
  });

  const takeLinks = async (ctx: Context, key: string, language: Language, draft: IntakeDraft) => {
    const w = INTAKE_WORDS[language];
    const links = linksOf(ctx.message ?? {});
    if (links.length === 0) return ctx.reply(w.noLink);
    if (links.length > CASE_REPORT_LIMITS.links) {
      return ctx.reply(w.tooManyLinks(CASE_REPORT_LIMITS.links));
    }
    return advance(ctx, key, language, { ...draft, links });
  };

  chats.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery();
    const [kind, value = ''] = ctx.callbackQuery.data.split(':', 2);
    const { key, conversation } = await load(ctx);
    // A button of a lapsed or finished conversation, or of another step: nothing to do.
    if (conversation === undefined) return;
    const { step, language, draft } = conversation;
    if (kind === 'lang' && step === 'language' && isOneOf(LANGUAGES, value)) {
      if (draft.links === undefined) await ctx.reply(INTAKE_WORDS[value].welcome);
      return advance(ctx, key, value, draft);
    }
    if (kind === 'cat' && step === 'category' && isOneOf(CASE_CATEGORIES, value)) {
      return advance(ctx, key, language, { ...draft, category: value as CaseCategory });
    }
    if (kind === 'plat' && step === 'platform' && isOneOf(CASE_PLATFORMS, value)) {
      return advance(ctx, key, language, { ...draft, platform: value as CasePlatform });
    }
    if (kind === 'fb' && step === 'feedback' && (value === 'yes' || value === 'no')) {
      return advance(ctx, key, language, { ...draft, feedback: value === 'yes' });
    }
    if (kind === 'cancel') {
      await dropConversation(deps.db, key);
      return ctx.reply(INTAKE_WORDS[language].cancelled);
    }
    if (kind === 'send' && step === 'confirm') return send(ctx, key, ctx.callbackQuery.from.id);
  });

  const send = async (ctx: Context, key: string, userId: number) => {
    const taken = await takeConversation(deps.db, key, deps.now());
    // Pressed twice: the other press took it and submits it.
    if (taken === undefined || taken.step !== 'confirm') return;
    const { language, draft } = taken;
    const w = INTAKE_WORDS[language];
    const chatId = ctx.chat?.id as number;
    try {
      const receipt = await deps.submit({
        report: {
          links: draft.links ?? [],
          category: draft.category as CaseCategory,
          platform: draft.platform as CasePlatform,
          description: draft.description ?? '',
          language,
        },
        source: 'telegram',
        intakeOrgId: await deps.intakeOrgId(),
        reporter: { kind: 'telegram', userId },
        ...(draft.feedback ? { feedback: { kind: 'telegram' as const, chatId } } : {}),
      });
      await ctx.reply(w.sent(receipt.reference));
    } catch (error) {
      deps.warn(error, 'A Telegram report could not be submitted; the draft is kept');
      await saveConversation(deps.db, key, taken, deps.now());
      await ctx.reply(w.sendFailed, { reply_markup: confirmKeyboard(w) });
    }
  };

  return intake;
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** The longest description the summary repeats: a Telegram message holds 4,096 characters. */
const SUMMARY_DESCRIPTION = 1_000;

function summaryOf(w: IntakeWords, draft: IntakeDraft): string {
  const description = draft.description ?? '';
  return w.summary({
    links: draft.links ?? [],
    category: draft.category ? w.categories[draft.category] : '',
    platform: draft.platform ? w.platforms[draft.platform] : '',
    description:
      description.length > SUMMARY_DESCRIPTION
        ? `${description.slice(0, SUMMARY_DESCRIPTION)}…`
        : description,
    feedback: draft.feedback === true,
  });
}
