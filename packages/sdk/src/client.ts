import { DEFAULT_RETRY_POLICY } from './http/retry.js';
import { Transport } from './http/transport.js';
import { Alerts } from './resources/alerts.js';
import { ApiKeys } from './resources/api-keys.js';
import { Approvals } from './resources/approvals.js';
import { Broadcasts } from './resources/broadcasts.js';
import { Campaigns } from './resources/campaigns.js';
import { Cases } from './resources/cases.js';
import { Channels } from './resources/channels.js';
import { ContactImports } from './resources/contact-imports.js';
import { Contacts } from './resources/contacts.js';
import { Deliveries } from './resources/deliveries.js';
import { Hotlines } from './resources/hotlines.js';
import { Invitations } from './resources/invitations.js';
import { Organisations } from './resources/organisations.js';
import { Outbox } from './resources/outbox.js';
import { PasswordResets } from './resources/password-resets.js';
import { Recommendations } from './resources/recommendations.js';
import { Reports } from './resources/reports.js';
import { Segments } from './resources/segments.js';
import { Session } from './resources/session.js';
import { Telegram } from './resources/telegram.js';
import { Users } from './resources/users.js';
import { WebhookEndpoints } from './resources/webhook-endpoints.js';
import { Stream } from './stream/stream.js';
import type { WebSocketConstructor } from './stream/websocket.js';

/** How to reach a hub. */
export interface SafenetClientOptions {
  /** The hub's origin, optionally with a path prefix: `https://safenet.example.kz`. */
  baseUrl: string;
  /** An API key; it decides the organisation subtree and the scopes. Or `session`. */
  apiKey?: string;
  /**
   * `true` in a browser page served by the hub (the console): no key; requests go with
   * `credentials: 'include'`, so the session cookie set by `session.signIn` (httpOnly: the
   * page never sees it) goes along, and writes carry the session's CSRF token. Give either
   * this or `apiKey`.
   */
  session?: boolean;
  /** A fetch implementation; the global `fetch` when omitted. */
  fetch?: typeof fetch;
  /**
   * A WebSocket constructor for `stream`; else `globalThis.WebSocket`, else the `ws`
   * package (an optional peer dependency, needed on Node 20).
   */
  WebSocket?: WebSocketConstructor;
  /** Time allowed for each attempt of a request, body included. Default 30 000. */
  timeoutMs?: number;
  /** Extra attempts after a transient failure. Default 2; 0 turns retries off. */
  retries?: number;
}

/**
 * A typed client of the Safenet hub's REST and websocket API, for Node and browsers.
 *
 * @example
 * import { SafenetClient } from '@safenet/sdk';
 *
 * const client = new SafenetClient({ baseUrl: 'https://safenet.example.kz', apiKey: process.env.SAFENET_API_KEY! });
 * const { total, reachable } = await client.segments.dryRun({
 *   orgId: associationId,
 *   query: { roles: ['parent'], languages: ['kk', 'ru'], reachableOn: ['whatsapp', 'sms', 'email'] },
 * });
 */
export class SafenetClient {
  /** Signing in and out (clients made with `session: true`). */
  readonly session: Session;
  readonly users: Users;
  readonly invitations: Invitations;
  readonly passwordResets: PasswordResets;
  readonly organisations: Organisations;
  readonly apiKeys: ApiKeys;
  readonly contacts: Contacts;
  readonly contactImports: ContactImports;
  readonly segments: Segments;
  readonly recommendations: Recommendations;
  /** The approvals log (admins). */
  readonly approvals: Approvals;
  /** The directory of help lines broadcasts signpost. */
  readonly hotlines: Hotlines;
  /** Telegram groups and channels connected for organisations, and posts to them. */
  readonly telegram: Telegram;
  readonly reports: Reports;
  readonly campaigns: Campaigns;
  readonly broadcasts: Broadcasts;
  /** One delivery and its history. */
  readonly deliveries: Deliveries;
  readonly outbox: Outbox;
  readonly channels: Channels;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly alerts: Alerts;
  /** Harmful-content reports and the cases specialists triage. */
  readonly cases: Cases;
  readonly stream: Stream;

  constructor(options: SafenetClientOptions) {
    const baseUrl = checkBaseUrl(options.baseUrl);
    if (options.session === true && options.apiKey !== undefined) {
      throw new TypeError('SafenetClient: give either apiKey or session: true, not both');
    }
    if (options.session !== true && !options.apiKey) {
      throw new TypeError(
        'SafenetClient: apiKey is required (or session: true in a browser signed in to the hub)',
      );
    }
    const apiKey = options.session === true ? undefined : options.apiKey;
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!(timeoutMs > 0)) throw new RangeError('SafenetClient: timeoutMs must be positive');
    const retries = options.retries ?? DEFAULT_RETRY_POLICY.retries;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new RangeError('SafenetClient: retries must be a whole number, 0 or more');
    }
    // Called through a wrapper: browsers refuse `fetch` called as a method of another object.
    const fetchImpl: typeof fetch =
      options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const http = new Transport({
      baseUrl,
      apiKey,
      fetch: fetchImpl,
      timeoutMs,
      retry: { ...DEFAULT_RETRY_POLICY, retries },
    });
    this.session = new Session(http);
    this.users = new Users(http);
    this.invitations = new Invitations(http);
    this.passwordResets = new PasswordResets(http);
    this.organisations = new Organisations(http);
    this.apiKeys = new ApiKeys(http);
    this.contacts = new Contacts(http);
    this.contactImports = new ContactImports(http);
    this.segments = new Segments(http);
    this.recommendations = new Recommendations(http);
    this.approvals = new Approvals(http);
    this.hotlines = new Hotlines(http);
    this.telegram = new Telegram(http);
    this.reports = new Reports(http);
    this.campaigns = new Campaigns(http);
    this.broadcasts = new Broadcasts(http);
    this.deliveries = new Deliveries(http);
    this.outbox = new Outbox(http);
    this.channels = new Channels(http);
    this.webhookEndpoints = new WebhookEndpoints(http);
    this.alerts = new Alerts(http);
    this.cases = new Cases(http);
    this.stream = new Stream({ baseUrl, apiKey, WebSocket: options.WebSocket, timeoutMs });
  }
}

function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new TypeError(`SafenetClient: baseUrl "${baseUrl}" is not a URL`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`SafenetClient: baseUrl must be http: or https:, not ${url.protocol}`);
  }
  if (url.search || url.hash) {
    throw new TypeError('SafenetClient: baseUrl must not have a query or a fragment');
  }
  return url.href.replace(/\/+$/, '');
}
