import { createInterface } from 'node:readline/promises';
import { usageError } from './errors.js';
import type { Io } from './io.js';

/**
 * Reads a secret: from a hidden prompt on a terminal, else the first line of stdin
 * (`echo "$KEY" | safenet login …`). Never from a flag: a flag shows in `ps` and in the
 * shell's history.
 */
export async function readSecret(io: Io, prompt: string): Promise<string> {
  const secret = io.stdin.isTTY ? await hiddenPrompt(io, prompt) : await firstLine(io.stdin);
  if (secret === '') throw usageError('no API key given (type it at the prompt, or pipe it in)');
  return secret;
}

async function firstLine(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

/** Reads a line in raw mode, echoing nothing; Ctrl-C abandons it. */
function hiddenPrompt(io: Io, prompt: string): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value.trim());
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish();
        if (character === '\u0003') return finish(usageError('cancelled'));
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else value += character;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * Asks a question on a terminal until the answer is one of `choices` (or its first letter);
 * Ctrl-C or the end of input answers `fallback`. Only for a terminal: a script says what it
 * wants with flags.
 *
 * @example
 * const answer = await askChoice(io, 'Import the 3 valid rows?', ['all', 'valid', 'no'], 'no');
 */
export async function askChoice<const C extends string>(
  io: Io,
  question: string,
  choices: readonly C[],
  fallback: C,
): Promise<C> {
  const abort = new AbortController();
  const lines = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  lines.on('SIGINT', () => abort.abort());
  lines.on('close', () => abort.abort());
  try {
    for (;;) {
      const answer = (
        await lines.question(`${question} [${choices.join('/')}] `, { signal: abort.signal })
      )
        .trim()
        .toLowerCase();
      const chosen = choices.find((choice) => choice === answer || choice[0] === answer);
      if (chosen) return chosen;
    }
  } catch (error) {
    if (abort.signal.aborted) {
      io.stderr.write('\n');
      return fallback;
    }
    throw error;
  } finally {
    lines.close();
  }
}
