import { SafenetError } from '@safenet/core';
import { BotError, GrammyError, HttpError } from 'grammy';

/**
 * An error fit for the logs: what failed and Telegram's answer, without what grammY keeps on
 * its errors — the call's payload (the chat id, the text sent) — or a submission's message
 * (it may quote the reporter's link). Only codes, methods and Telegram's descriptions remain.
 */
export function loggableError(error: unknown): Error {
  const inner = error instanceof BotError ? error.error : error;
  if (inner instanceof GrammyError) {
    return new Error(`Telegram ${inner.method} failed: ${inner.error_code} ${inner.description}`);
  }
  if (inner instanceof HttpError) return new Error('The Telegram Bot API could not be reached');
  if (inner instanceof SafenetError) return new Error(`Refused: ${inner.code}`);
  return new Error(inner instanceof Error ? inner.name : 'Unknown failure');
}
