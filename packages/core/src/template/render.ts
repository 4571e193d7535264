import { SafenetError } from '../errors.js';

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

/** The variable names a template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1] as string))];
}

/**
 * Fills `{{name}}` placeholders. A placeholder without a value is an error rather than an
 * empty gap in a message parents will read.
 *
 * The result is NFC. Every message — each channel's, and the preview's count of SMS
 * segments — is rendered here, so what is counted is what is sent: Vietnamese typed as
 * base letters + combining marks (NFD) would otherwise go out longer than it reads (a
 * 67-character SMS as 82 UTF-16 units, two segments billed instead of one).
 *
 * @example
 * renderTemplate('Call {{hotline}}', { hotline: '111' }) // 'Call 111'
 */
export function renderTemplate(template: string, variables: Readonly<Record<string, string>>) {
  const missing = templateVariables(template).filter((name) => !Object.hasOwn(variables, name));
  if (missing.length > 0) {
    throw new SafenetError(
      'template_variable_missing',
      `The text uses ${missing.map((m) => `{{${m}}}`).join(', ')}: give ${missing.length === 1 ? 'its value' : 'their values'} in "variables"`,
    );
  }
  // Normalised after filling: a value may begin with a mark that composes with the text before it.
  return template
    .replace(PLACEHOLDER, (_, name: string) => variables[name] as string)
    .normalize('NFC');
}
