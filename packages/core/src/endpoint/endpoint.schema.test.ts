import { describe, expect, it } from 'vitest';
import { StreamEvent } from '../event/event.schema.js';
import { issues } from '../testing/zod-issues.js';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookPayload,
} from './endpoint.schema.js';

const orgId = '018f2a00-0000-7000-8000-000000000001';

describe('WebhookEndpointInput', () => {
  it('accepts an https URL with a filter, normalised', () => {
    expect(
      WebhookEndpointInput.parse({
        orgId,
        url: '  https://Reports.Example.kz/safenet-events?source=hub ',
        eventTypes: ['alert', 'broadcast.progress'],
      }),
    ).toEqual({
      orgId,
      url: 'https://reports.example.kz/safenet-events?source=hub',
      eventTypes: ['alert', 'broadcast.progress'],
    });
  });

  it('accepts http (a receiver on the same network) and no filter (every type)', () => {
    const parsed = WebhookEndpointInput.parse({ orgId, url: 'http://10.0.0.5:8080/hook' });
    expect(parsed.url).toBe('http://10.0.0.5:8080/hook');
    expect(parsed.eventTypes).toBeUndefined();
    expect(WebhookEndpointInput.parse({ orgId, url: 'https://a.kz/', eventTypes: null })).toEqual({
      orgId,
      url: 'https://a.kz/',
      eventTypes: null,
    });
  });

  it.each([
    ['not a URL', 'reports.example.kz/hook', /not an absolute URL/],
    ['another scheme', 'ftp://reports.example.kz/hook', /https:\/\/.*not ftp:/],
    ['a javascript: URL', 'javascript:alert(1)', /not javascript:/],
    ['credentials', 'https://user:pw@reports.example.kz/hook', /no user name or password/],
    ['a fragment', 'https://reports.example.kz/hook#x', /fragment/],
  ])('refuses %s with webhook_url_invalid', (_, url, message) => {
    const result = WebhookEndpointInput.safeParse({ orgId, url });
    expect(issues(result)).toEqual([['url', 'webhook_url_invalid']]);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it('refuses an empty filter, a repeated type, an unknown type and unknown fields', () => {
    const url = 'https://a.kz/hook';
    expect(issues(WebhookEndpointInput.safeParse({ orgId, url, eventTypes: [] }))).toEqual([
      ['eventTypes', 'too_small'],
    ]);
    expect(
      issues(WebhookEndpointInput.safeParse({ orgId, url, eventTypes: ['alert', 'alert'] })),
    ).toEqual([['eventTypes', 'custom']]);
    expect(issues(WebhookEndpointInput.safeParse({ orgId, url, eventTypes: ['message'] }))).toEqual(
      [['eventTypes.0', 'invalid_value']],
    );
    expect(issues(WebhookEndpointInput.safeParse({ orgId, url, secret: 'whsec_x' }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
  });
});

describe('WebhookEndpointPatch', () => {
  it('takes null to clear the description and to send every type', () => {
    expect(WebhookEndpointPatch.parse({ description: null, eventTypes: null })).toEqual({
      description: null,
      eventTypes: null,
    });
    expect(issues(WebhookEndpointPatch.safeParse({ url: 'mailto:a@b.kz' }))).toEqual([
      ['url', 'webhook_url_invalid'],
    ]);
  });
});

describe('the webhook event types', () => {
  it('are the stream’s, but the in-app message', () => {
    const stream = StreamEvent.options.map((option) => option.shape.type.value);
    expect([...WEBHOOK_EVENT_TYPES, 'message'].sort()).toEqual([...stream].sort());
  });

  it('each have a payload schema (and the test event has one)', () => {
    const payloads = WebhookPayload.options.map((option) => option.shape.type.value);
    expect(payloads).toEqual([...WEBHOOK_EVENT_TYPES, 'webhook.test']);
  });
});
