import { describe, expect, it } from 'vitest';
import { classifyGraphError, parseRetryAfter, verdictFor } from './cloud.errors.js';

describe('classifyGraphError', () => {
  it.each([
    [400, 131026, 'not_on_whatsapp'],
    [400, 131047, 'template_required'],
    [404, 132001, 'template_required'],
    [400, 131051, 'provider_rejected'],
    [400, 131009, 'provider_rejected'],
    [400, 132018, 'provider_rejected'],
    [400, 131030, 'invalid_address'],
    [400, 999_999, 'provider_rejected'],
  ])('fails HTTP %i code %i for good with reason %s', (status, code, reason) => {
    const graph = { message: 'refused', type: 'OAuthException', code, fbtrace_id: 'A1' };
    expect(classifyGraphError(status, graph, null)).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
      reason,
      providerCode: String(code),
      cause: graph,
    });
  });

  it.each([
    [429, 130429],
    [400, 80007],
    [400, 4],
    [401, 190],
    [403, 10],
    [500, 131000],
    [503, 131016],
    [500, 999_999],
    [429, 999_999],
  ])('retries HTTP %i code %i', (status, code) => {
    expect(classifyGraphError(status, { code }, null)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      providerCode: String(code),
      retryAfterSeconds: undefined,
    });
  });

  it('tells invalid recipients (100) apart from other invalid parameters', () => {
    const recipient = {
      code: 100,
      message: '(#100) Invalid parameter',
      error_data: { details: 'Recipient phone number not valid' },
    };
    expect(classifyGraphError(400, recipient, null)).toMatchObject({ reason: 'invalid_address' });
    expect(
      classifyGraphError(400, { code: 100, message: 'template[name] missing' }, null),
    ).toMatchObject({
      reason: 'provider_rejected',
    });
  });

  it('keeps the subcode in providerCode', () => {
    expect(classifyGraphError(401, { code: 190, error_subcode: 463 }, null).providerCode).toBe(
      '190/463',
    );
  });

  it('honours Retry-After, and waits at least 60 s on the per-recipient limit', () => {
    expect(classifyGraphError(429, { code: 130429 }, '12').retryAfterSeconds).toBe(12);
    expect(classifyGraphError(400, { code: 131056 }, null).retryAfterSeconds).toBe(60);
    expect(classifyGraphError(400, { code: 131056 }, '90').retryAfterSeconds).toBe(90);
  });

  it('tells an account-wide throttle from a per-recipient one', () => {
    expect(classifyGraphError(400, { code: 130429 }, null).throttlesChannel).toBe(true);
    expect(classifyGraphError(400, { code: 131056 }, null).throttlesChannel).toBe(false);
    expect(classifyGraphError(502, undefined, null).throttlesChannel).toBe(false);
  });

  it('classifies by HTTP status when the body has no Graph error', () => {
    expect(classifyGraphError(502, undefined, null)).toMatchObject({
      code: 'provider_unavailable',
      providerCode: 'http_502',
    });
    expect(classifyGraphError(404, undefined, null)).toMatchObject({
      code: 'provider_rejected',
      providerCode: 'http_404',
    });
  });
});

describe('verdictFor', () => {
  it('maps failed-status codes without an HTTP status', () => {
    expect(verdictFor(131026)).toMatchObject({ retryable: false, reason: 'not_on_whatsapp' });
    expect(verdictFor(131049)).toMatchObject({ retryable: false, reason: 'provider_rejected' });
    expect(verdictFor(undefined)).toMatchObject({ retryable: true });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-04-10T09:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Fri, 10 Apr 2026 09:00:45 GMT', now)).toBe(45);
    expect(parseRetryAfter('Fri, 10 Apr 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
