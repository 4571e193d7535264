import { styleText } from 'node:util';

type Color = 'red' | 'green' | 'yellow' | 'cyan' | 'bold' | 'dim';

/** Set by `--no-color`, before any command runs. */
let disabled = false;

/** `--no-color` turns colour off for the whole run, whatever the terminal says. */
export function disableColor(): void {
  disabled = true;
}

/**
 * Whether to colour what goes to `stream`: never with `--no-color` or `NO_COLOR`
 * (https://no-color.org), nor when the stream is not a terminal (a pipe, a file, a test).
 */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (disabled) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

/** `text` in `color` when `stream` takes colour, else as it is. */
export function paint(
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv,
  color: Color,
  text: string,
): string {
  return colorEnabled(stream, env) ? styleText(color, text, { validateStream: false }) : text;
}
