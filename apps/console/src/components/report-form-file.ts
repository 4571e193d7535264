import type { FieldError } from '@safenet/sdk';
import { isNode, LineCounter, parseDocument } from 'yaml';

/*
 * A report form file (YAML or JSON, as examples/reports/*.yaml): read in the browser, sent to
 * the hub as JSON, and the hub's problems placed back on the file's lines. The hub is the one
 * judge of a form; the console only finds where in the text each problem is.
 */

/** A file read: its value, or its syntax problems with line and column. */
export type ReadFile =
  | { ok: true; value: unknown; locate: (problems: readonly FieldError[]) => FieldError[] }
  | { ok: false; problems: FieldError[] };

/**
 * Reads `text` (JSON is YAML too: one parser for both). A syntax error is a problem at its
 * line and column; a right file gives its value and a function that places the hub's
 * problems (`body.fields.3.type`) on the file.
 */
export function readFormFile(text: string): ReadFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        return {
          path: '',
          code: error.code,
          message: error.message,
          line: at.line,
          column: at.col,
        };
      }),
    };
  }
  const locate = (problems: readonly FieldError[]) =>
    problems.map((problem): FieldError => {
      const path = filePath(problem.path);
      // A problem of something missing sits on the nearest part that is there.
      for (let length = path.length; length >= 0; length -= 1) {
        const node = doc.getIn(path.slice(0, length), true);
        if (isNode(node) && node.range) {
          const at = lines.linePos(node.range[0]);
          return { ...problem, path: path.join('.'), line: at.line, column: at.col };
        }
      }
      return { ...problem, path: path.join('.') };
    });
  return { ok: true, value: doc.toJS(), locate };
}

/** A request path as a path in the file: `body.` dropped, indices as numbers. */
export function filePath(path: string): (string | number)[] {
  const parts = path.split('.').filter((part) => part !== '');
  if (parts[0] === 'body') parts.shift();
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
