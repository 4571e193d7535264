import { SafenetError } from '@safenet/core';
import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { classifyTelegramError } from './telegram-bot.errors.js';

const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const TEXT = 'Памятка для родителей: секретный текст';

/** A GrammyError as grammY builds it from an error answer, the call's payload included. */
function refusal(code: number, description: string, parameters = {}): GrammyError {
  return new GrammyError(
    "Call to 'sendMessage' failed!",
    { ok: false, error_code: code, description, parameters },
    'sendMessage',
    { chat_id: 42, text: TEXT },
  );
}

describe('classifyTelegramError', () => {
  it.each([
    [403, 'Forbidden: bot was blocked by the user', 'opted_out'],
    [403, 'Forbidden: user is deactivated', 'invalid_address'],
    [403, 'Forbidden: bot was kicked from the group chat', 'invalid_address'],
    [403, 'Forbidden: bot is not a member of the channel chat', 'invalid_address'],
    [403, "Forbidden: bot can't initiate conversation with a user", 'invalid_address'],
    [400, 'Bad Request: chat not found', 'invalid_address'],
    [400, 'Bad Request: PEER_ID_INVALID', 'invalid_address'],
    [400, 'Bad Request: group chat was upgraded to a supergroup chat', 'invalid_address'],
    [400, 'Bad Request: message is too long', 'provider_rejected'],
    [400, "Bad Request: can't parse entities: Unsupported start tag", 'provider_rejected'],
    [403, 'Forbidden: something new', 'provider_rejected'],
  ])('refuses %i "%s" for good, reason %s', (status, description, reason) => {
    expect(classifyTelegramError(refusal(status, description), TOKEN)).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
      reason,
      providerCode: `${status} ${description}`,
    });
  });

  it('retries 429 after the retry_after Telegram gives, holding the channel', () => {
    const error = classifyTelegramError(
      refusal(429, 'Too Many Requests: retry after 17', { retry_after: 17 }),
      TOKEN,
    );
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterSeconds: 17,
      throttlesChannel: true,
      providerCode: '429 Too Many Requests: retry after 17',
    });
  });

  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [401, 'Unauthorized'],
    [404, 'Not Found'],
  ])('retries %i %s, as every adapter does server errors and its own credential', (status, d) => {
    const error = classifyTelegramError(refusal(status, d), TOKEN);
    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.throttlesChannel).toBe(false);
  });

  it('retries a network failure, without the token node-fetch puts in its message', () => {
    const fetchFailure = Object.assign(
      new Error(
        `request to http://127.0.0.1:9/bot${TOKEN}/sendMessage failed, reason: connect ECONNREFUSED 127.0.0.1:9`,
      ),
      { name: 'FetchError' },
    );
    const error = classifyTelegramError(
      new HttpError("Network request for 'sendMessage' failed!", fetchFailure),
      TOKEN,
    );
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      providerCode: 'network',
    });
    expect(error.message).toContain('ECONNREFUSED');
    expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain(
      TOKEN,
    );
  });

  it('keeps neither the text sent nor the token in the message or the cause', () => {
    const error = classifyTelegramError(refusal(400, 'Bad Request: chat not found'), TOKEN);
    const said = JSON.stringify({ message: error.message, cause: error.cause });
    expect(said).not.toContain(TEXT);
    expect(said).not.toContain(TOKEN);
    expect(error.cause).toEqual({
      method: 'sendMessage',
      error_code: 400,
      description: 'Bad Request: chat not found',
      parameters: {},
    });
  });

  it('passes a SafenetError through', () => {
    const given = new SafenetError('provider_unavailable', 'aborted');
    expect(classifyTelegramError(given, TOKEN)).toBe(given);
  });
});
