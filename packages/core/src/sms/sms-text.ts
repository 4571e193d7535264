/**
 * The text an SMS carries for a message: the title, a blank line, then the body. SMS has no
 * subject line, so the title travels inside the text — and counts towards its segments.
 * One definition serves the SMS adapter (what it sends) and the broadcast preview (what it
 * counts), so the two cannot disagree.
 *
 * @example
 * smsText({ title: 'Safe Internet', body: 'Helpline: 111' }) // 'Safe Internet\n\nHelpline: 111'
 * smsText({ title: null, body: 'Helpline: 111' }) // 'Helpline: 111'
 */
export function smsText(message: { title: string | null; body: string }): string {
  return message.title ? `${message.title}\n\n${message.body}` : message.body;
}
