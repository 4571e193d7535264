import { toDataURL } from 'qrcode';
import type { AdapterEvent, PairingSession, PairingState } from '../channel.js';
import type {
  WhatsAppClientEvents,
  WhatsAppClientLike,
  WhatsAppClientListener,
} from './whatsapp-web.client.js';
import { isBanState } from './whatsapp-web.errors.js';

/** Follows the client's pairing events; see {@link trackSession}. */
export interface SessionTracker {
  current(): PairingSession;
  /** Sets the state from outside the client's events (start, a ban seen in a send). */
  set(state: PairingState, detail?: string): void;
  /** Stops listening to the client. */
  detach(): void;
}

/**
 * Keeps the session state from whatsapp-web.js's events and publishes each change as a
 * `session` {@link AdapterEvent}. A QR event is published once its PNG is rendered, so a
 * listener reading the session on that event finds the image; a QR superseded meanwhile
 * (a newer code, or the phone scanned it) is dropped.
 */
export function trackSession(
  client: WhatsAppClientLike,
  publish: (event: AdapterEvent) => void,
): SessionTracker {
  let session: PairingSession = { state: 'starting', qr: null, qrDataUrl: null };
  let version = 0;

  const set = (state: PairingState, detail?: string) => {
    version += 1;
    session = { state, qr: null, qrDataUrl: null, ...(detail ? { detail } : {}) };
    publish({ type: 'session', state, ...(detail ? { detail } : {}) });
  };

  const detachers: (() => void)[] = [];
  const listen = <E extends keyof WhatsAppClientEvents>(
    event: E,
    listener: WhatsAppClientListener<E>,
  ) => {
    client.on(event, listener);
    detachers.push(() => client.off(event, listener));
  };

  listen('qr', (qr) => {
    version += 1;
    const mine = version;
    session = { state: 'qr', qr, qrDataUrl: null };
    void toDataURL(qr, { errorCorrectionLevel: 'M', margin: 2, width: 320 })
      .catch(() => null)
      .then((qrDataUrl) => {
        if (version !== mine) return;
        session = { ...session, qrDataUrl };
        publish({ type: 'session', state: 'qr', qr });
      });
  });
  listen('authenticated', () => set('starting', 'QR code scanned; WhatsApp Web is loading chats'));
  listen('ready', () => set('ready'));
  listen('auth_failure', (message) => set('failed', `WhatsApp refused the session: ${message}`));
  // A ban shows as the state TOS_BLOCK, then a disconnect with the same reason: report once.
  listen('change_state', (state) => {
    if (isBanState(state) && session.state !== 'failed') set('failed', banned(state));
  });
  listen('disconnected', (reason) => {
    if (!isBanState(reason)) set('disconnected', `WhatsApp Web disconnected (${reason})`);
    else if (session.state !== 'failed') set('failed', banned(reason));
  });

  return {
    current: () => ({ ...session }),
    set,
    detach() {
      for (const detach of detachers.splice(0)) detach();
    },
  };
}

function banned(state: string): string {
  return `WhatsApp blocked this number (${state})`;
}
