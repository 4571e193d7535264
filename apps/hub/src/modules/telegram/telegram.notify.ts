import type { Api } from 'grammy';
import { GrammyError } from 'grammy';
import type { NotifyReporter } from '../cases/index.js';
import { INTAKE_WORDS } from './intake/intake.words.js';
import { loggableError } from './telegram.errors.js';

/**
 * Tells a reporter who asked to hear back that their report's status changed, in the
 * report's language, in the chat they reported from (a bot may write there: the reporter
 * wrote first). A reporter who has since blocked the bot cannot be told: that is not a
 * failure to retry. Any other failure throws an error that carries no chat id or text.
 */
export function telegramNotifier(
  api: Api,
  debug: (detail: Record<string, unknown>, message: string) => void,
): NotifyReporter {
  return async (feedback, status) => {
    const w = INTAKE_WORDS[status.language];
    try {
      await api.sendMessage(
        feedback.chatId,
        w.statusChanged(status.reference, w.states[status.status]),
      );
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403) {
        debug({ code: error.error_code }, 'A reporter has blocked the bot: status not sent');
        return;
      }
      throw loggableError(error);
    }
  };
}
