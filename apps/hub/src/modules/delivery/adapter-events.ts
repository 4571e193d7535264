import type { AdapterEvent, WebhookEvents } from '@safenet/channels';
import { share } from '../../platform/database/schema.js';
import { rootOrgId } from '../../platform/tenancy/org-paths.js';
import { raiseAlert } from '../alerts/index.js';
import type { ChannelRegistry } from '../channels/index.js';
import type { DispatchDeps } from './delivery.deps.js';
import { applyWebhookEvents, type ReceiptDeps } from './receipts.js';

/** After a disconnect, a paired session is started again this long after (the saved one). */
const RECONNECT_MS = 30_000;

type EventDeps = ReceiptDeps & Pick<DispatchDeps, 'onError' | 'now'>;

/**
 * Follows what adapters push by themselves (whatsapp-web.js): acks move deliveries exactly
 * like webhook receipts, replies go through the same STOP/START handling (applied once per
 * message id, so messages whatsapp-web.js hands over again after a reconnect change
 * nothing; ordered by WhatsApp's own timestamp), and session changes
 * become `channel.session` events — with an `alert` when the phone disconnects or is blocked,
 * since its messages now wait. A disconnected pairing is started again after
 * {@link RECONNECT_MS}; a blocked phone (or a refused session) needs a person.
 *
 * Events reach the organisation the adapter serves (or the root); returns the stop function.
 */
export function followAdapterEvents(deps: EventDeps, registry: ChannelRegistry): () => void {
  const stops: (() => void)[] = [];
  for (const adapter of registry.adapters) {
    if (!adapter.subscribe) continue;
    const orgId = registry.routed.find((r) => r.adapter === adapter)?.orgId ?? null;
    const { pairing } = adapter;
    const orgPath = async () => deps.orgPathOf(orgId ?? (await rootOrgId(deps.db)));
    // One chain per adapter, so an ack is never applied before the ack it followed.
    let chain = Promise.resolve();
    const apply = (events: WebhookEvents) => {
      chain = chain
        .then(() => applyWebhookEvents(deps, adapter.channel, events))
        .then(() => undefined)
        .catch((error: unknown) => deps.onError(error, `${adapter.provider} event`));
    };
    let reconnect: NodeJS.Timeout | undefined;
    const onSession = async (event: Extract<AdapterEvent, { type: 'session' }>) => {
      const path = await orgPath();
      const at = new Date().toISOString();
      const target = path.at(-1) as string;
      await deps.bus.publish({
        orgPath: path,
        event: {
          type: 'channel.session',
          orgId: target,
          at,
          data: {
            channel: adapter.channel,
            provider: adapter.provider,
            state: event.state,
            qr: event.qr ?? null,
            qrDataUrl: event.state === 'qr' ? (pairing?.session().qrDataUrl ?? null) : null,
            detail: event.detail ?? null,
          },
        },
      });
      if (event.state === 'disconnected' || event.state === 'failed') {
        await raiseAlert(deps, share(deps.db), {
          orgId: target,
          code: event.state === 'failed' ? 'channel_failed' : 'channel_disconnected',
          subjectId: `${adapter.channel}:${adapter.provider}`,
          message: `${adapter.provider} on ${adapter.channel} is ${event.state}${event.detail ? ` (${event.detail})` : ''}: its messages wait until it is ready again${event.state === 'failed' ? '; pair the phone again' : ''}`,
        });
      }
      // A reconnect is for a phone that is still disconnected: not one paired again by hand
      // meanwhile, and never one WhatsApp has since blocked.
      clearTimeout(reconnect);
      if (event.state === 'disconnected' && pairing) {
        reconnect = setTimeout(() => {
          if (pairing.session().state !== 'disconnected') return;
          pairing
            .start()
            .catch((error: unknown) => deps.onError(error, `${adapter.provider} reconnect`));
        }, RECONNECT_MS);
        reconnect.unref();
      }
    };
    stops.push(
      adapter.subscribe((event) => {
        if (event.type === 'status') apply({ statuses: [event.update], inbound: [] });
        else if (event.type === 'inbound') apply({ statuses: [], inbound: [event.message] });
        else onSession(event).catch((error: unknown) => deps.onError(error, 'session event'));
      }),
      () => clearTimeout(reconnect),
    );
  }
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}
