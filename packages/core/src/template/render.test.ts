import { describe, expect, it } from 'vitest';
import { SafenetError } from '../errors.js';
import { renderTemplate, templateVariables } from './render.js';

/** Runs `fn`, expecting it to throw, and returns what it threw. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('templateVariables', () => {
  it('lists the variables in order of first use, once each', () => {
    expect(templateVariables('{{b}} then {{a}}, again {{b}} and {{ c_1 }}')).toEqual([
      'b',
      'a',
      'c_1',
    ]);
  });

  it('finds nothing in plain text or in braces that are not a placeholder', () => {
    expect(templateVariables('Памятка для родителей')).toEqual([]);
    expect(templateVariables('{x} {{}} {{1x}} {{a-b}} {{ two words }}')).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('replaces variables', () => {
    expect(renderTemplate('Call {{hotline}}', { hotline: '111' })).toBe('Call 111');
    expect(
      renderTemplate('{{greeting}}, call {{hotline}} or {{provincial}}.', {
        greeting: 'Hello',
        hotline: '111',
        provincial: '02623.951.567',
      }),
    ).toBe('Hello, call 111 or 02623.951.567.');
  });

  it('allows whitespace inside the braces', () => {
    expect(
      renderTemplate('Call {{ hotline }} / {{hotline  }} / {{\thotline}}', { hotline: '111' }),
    ).toBe('Call 111 / 111 / 111');
  });

  it('replaces every use of a repeated variable', () => {
    expect(renderTemplate('{{n}}-{{n}}-{{ n }}', { n: '7' })).toBe('7-7-7');
  });

  it('renders Cyrillic and Kazakh text around the placeholders', () => {
    expect(
      renderTemplate('Телефон доверия: {{hotline}}. Сенім телефоны: {{hotline}}.', {
        hotline: '111',
      }),
    ).toBe('Телефон доверия: 111. Сенім телефоны: 111.');
    expect(renderTemplate('Здравствуйте, {{name}}!', { name: 'Айгерим' })).toBe(
      'Здравствуйте, Айгерим!',
    );
  });

  it('leaves text that is not a placeholder alone, and ignores unused variables', () => {
    expect(renderTemplate('{single} {{1x}} {{}}', { unused: 'x' })).toBe('{single} {{1x}} {{}}');
  });

  it('does not expand placeholders inside values', () => {
    expect(renderTemplate('A {{a}} B {{b}}', { a: '{{b}}', b: '{{a}}' })).toBe('A {{b}} B {{a}}');
    // A value may even name a variable that is not given.
    expect(renderTemplate('{{a}}', { a: '{{missing}}' })).toBe('{{missing}}');
  });

  it('inserts values literally, without String.replace patterns', () => {
    expect(renderTemplate('x{{v}}y', { v: "$& $1 $$ $` $'" })).toBe("x$& $1 $$ $` $'y");
  });

  it('throws template_variable_missing naming the missing variable', () => {
    const error = thrownBy(() => renderTemplate('Call {{hotline}}', {}));
    expect(error).toBeInstanceOf(SafenetError);
    expect(error).toMatchObject({ code: 'template_variable_missing', status: 422 });
    expect((error as SafenetError).message).toContain('hotline');
  });

  it('names every missing variable, but not the given ones', () => {
    const error = thrownBy(() =>
      renderTemplate('{{greeting}} {{hotline}} {{region}}', { greeting: 'Hi' }),
    ) as SafenetError;
    expect(error.code).toBe('template_variable_missing');
    expect(error.message).toContain('hotline');
    expect(error.message).toContain('region');
    expect(error.message).not.toContain('greeting');
  });

  it('treats an empty string as a given value', () => {
    expect(renderTemplate('[{{x}}]', { x: '' })).toBe('[]');
  });

  it('only uses own properties, not inherited ones', () => {
    expect(() => renderTemplate('{{constructor}}', {})).toThrow(SafenetError);
    expect(() => renderTemplate('{{toString}}', {})).toThrow(SafenetError);
    const inherited = Object.create({ hotline: '111' }) as Record<string, string>;
    expect(() => renderTemplate('{{hotline}}', inherited)).toThrow(SafenetError);
  });

  it('renders NFC whatever form the text and the values were typed in', () => {
    const nfc = 'Bảo vệ trẻ em trên mạng: gọi {{hotline}}';
    const nfd = nfc.normalize('NFD');
    // The test only means something if the two spellings differ.
    expect(nfd).not.toBe(nfc);
    const rendered = renderTemplate(nfd, { hotline: '111 (Tổng đài)'.normalize('NFD') });
    expect(rendered).toBe('Bảo vệ trẻ em trên mạng: gọi 111 (Tổng đài)'.normalize('NFC'));
    expect(rendered.normalize('NFC')).toBe(rendered);
    // A value that starts with a combining mark joins the letter before the placeholder.
    expect(renderTemplate('e{{mark}}', { mark: '\u0301' })).toBe('\u00e9');
  });

  it('returns a template without placeholders unchanged', () => {
    expect(renderTemplate('Bảo vệ trẻ em trên mạng', {})).toBe('Bảo vệ trẻ em trên mạng');
  });
});
