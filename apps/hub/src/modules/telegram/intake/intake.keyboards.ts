import { InlineKeyboard } from 'grammy';
import type { IntakeWords } from './intake.words.js';

/** One button a row, `[data, label]` each: labels in Kazakh and Vietnamese are long. */
export function choices(buttons: readonly (readonly [string, string])[]): InlineKeyboard {
  return InlineKeyboard.from(buttons.map(([data, label]) => [InlineKeyboard.text(label, data)]));
}

export function yesNoKeyboard(w: IntakeWords): InlineKeyboard {
  return new InlineKeyboard().text(w.yes, 'fb:yes').text(w.no, 'fb:no');
}

export function confirmKeyboard(w: IntakeWords): InlineKeyboard {
  return new InlineKeyboard().text(w.send, 'send').text(w.cancel, 'cancel');
}
