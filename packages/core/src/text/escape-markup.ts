const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML or XML element content and quoted attribute values (email bodies,
 * the unsubscribe page, Twilio's TwiML), so content can never inject markup.
 *
 * @example
 * escapeMarkup('Tom & "Jerry" <b>'); // 'Tom &amp; &quot;Jerry&quot; &lt;b&gt;'
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}
