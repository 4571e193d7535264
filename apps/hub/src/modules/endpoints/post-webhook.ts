/** How much of an endpoint's answer is kept with the attempt: enough to see what it said. */
export const EXCERPT_CHARS = 1024;
/** Bytes read of the answer for that excerpt (UTF-8 takes up to 4 a character); the rest is dropped. */
const EXCERPT_BYTES = EXCERPT_CHARS * 4;

/** What one POST came to. */
export interface PostResult {
  /** True for a 2xx answer. */
  ok: boolean;
  statusCode: number | null;
  responseExcerpt: string | null;
  durationMs: number;
  /** Why no answer came; null when one did. */
  error: string | null;
}

/** One signed POST to make. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request when the hub stops (the outcome is then not recorded). */
  signal?: AbortSignal;
}

/**
 * POSTs a webhook and reports how it went: a 2xx answer is a delivery, anything else —
 * another status, a redirect (never followed: the endpoint's URL is the one its owner
 * registered), no answer within `timeoutMs`, a refused connection — a failed try. The
 * answer is read up to its first {@link EXCERPT_CHARS} characters, within the same time.
 * Throws only when `signal` aborted it.
 */
export async function postWebhook(request: WebhookRequest): Promise<PostResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    const excerpt = await readExcerpt(response);
    return {
      ok: response.status >= 200 && response.status < 300,
      statusCode: response.status,
      responseExcerpt: excerpt,
      durationMs: elapsed(),
      error: null,
    };
  } catch (error) {
    if (request.signal?.aborted) throw error;
    return {
      ok: false,
      statusCode: null,
      responseExcerpt: null,
      durationMs: elapsed(),
      error: timeout.aborted
        ? `no answer within ${request.timeoutMs / 1000} s`
        : describeFailure(error),
    };
  }
}

/** The first characters of an answer's body, without reading more of it than needed. */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES));
  // PostgreSQL text cannot hold NUL.
  return Array.from(text.replaceAll('\u0000', '')).slice(0, EXCERPT_CHARS).join('');
}

/** Why a request got no answer, in a few words: the system's code where there is one. */
function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return `connection failed: ${cause.code}`;
  if (typeof cause?.message === 'string') return `connection failed: ${cause.message}`;
  return error instanceof Error ? error.message : String(error);
}
