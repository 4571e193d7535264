import { CHANNELS, type Channel } from '@safenet/core';
import type { ChannelRegistry } from './channel-registry.js';

/** How the start banner names each channel. */
const LABELS = {
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  websocket: 'In-app',
  zalo: 'Zalo',
} as const satisfies Record<Channel, string>;

/**
 * The start banner's channel lines: one per adapter that sends, in what its adapter declares
 * (`describe`), with the organisation a routed adapter serves and, for one a person pairs,
 * where its QR code is. A default adapter that a routed one replaces for everyone is left
 * out: it never sends. Lines come in the order of `CHANNELS`.
 *
 * @example
 * channelLines(registry, { sessionUrl: (channel) => `${base}/v1/channels/${channel}/session` });
 * // ['  Email     via mail.example.org:587, 5 connections', '  SMS       via Twilio (…)', …]
 */
export function channelLines(
  registry: ChannelRegistry,
  options: { sessionUrl(channel: Channel): string; qrInTerminal?: boolean },
): string[] {
  const servedBy = new Map(registry.routed.map((r) => [r.adapter, r.orgId]));
  return registry.adapters
    .filter(
      (adapter) => servedBy.has(adapter) || registry.adapterFor(adapter.channel, []) === adapter,
    )
    .sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel))
    .map((adapter) => {
      const orgId = servedBy.get(adapter);
      const pairing = adapter.pairing
        ? `: pair it with the QR code at GET ${options.sessionUrl(adapter.channel)}${options.qrInTerminal ? ' (also printed here)' : ''}`
        : '';
      return [
        `  ${LABELS[adapter.channel].padEnd(9)} `,
        adapter.describe?.() ?? `via ${adapter.provider}`,
        orgId ? ` for organisation ${orgId}` : '',
        pairing,
      ].join('');
    });
}
