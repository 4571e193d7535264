/** How a programme file is written. */
export type FileFormat = 'yaml' | 'json';

/** The format a chosen file's name says, else what its text looks like (JSON opens with `{`). */
export function formatOf(name: string | null, text: string): FileFormat {
  if (name && /\.json$/i.test(name)) return 'json';
  if (name && /\.ya?ml$/i.test(name)) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}
