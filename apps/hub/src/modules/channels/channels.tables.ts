import type { PairingState } from '@safenet/channels';
import type { Kysely } from 'kysely';
import { type PlatformTables, type Timestamp, tablesView } from '../../platform/database/schema.js';

/** A phone's pairing session as its holder last saw it (migration `009-channels-sessions`). */
export interface ChannelSessionsTable {
  /** `channel:provider`. */
  key: string;
  state: PairingState;
  qr: string | null;
  qr_data_url: string | null;
  detail: string | null;
  updated_at: Timestamp;
}

/**
 * A Zalo app's newest token pair (migration `043-zalo-tokens`): what every hub process renews
 * from and starts from, since the refresh token is single use. Secrets, never read out.
 */
export interface ZaloTokensTable {
  app_id: string;
  access_token: string;
  refresh_token: string;
  /** When `access_token` expires. */
  expires_at: Timestamp;
  updated_at: Timestamp;
}

/** The tables of the channels module. */
export interface ChannelsTables {
  channel_sessions: ChannelSessionsTable;
  zalo_tokens: ZaloTokensTable;
}

/** Opens a database handle as the channels module's view (see `tablesView`). */
export const own = tablesView<ChannelsTables>();
export type Db = Kysely<PlatformTables & ChannelsTables>;
