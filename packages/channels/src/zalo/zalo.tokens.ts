import { SafenetError } from '@safenet/core';

/** An OA access token with its refresh token and when it expires. */
export interface ZaloTokens {
  accessToken: string;
  /** Single use: the refresh that spends it returns the next one. */
  refreshToken: string;
  expiresAt: Date;
}

/** Renew the access token ahead of its expiry by this much, so no send carries a dying one. */
export const REFRESH_AHEAD_MS = 5 * 60_000;

/** What a token keeper needs. */
export interface ZaloTokenKeeperOptions {
  initial: ZaloTokens;
  /** Spends `refreshToken` for a new pair (see {@link refreshZaloTokens}). */
  refresh(refreshToken: string): Promise<ZaloTokens>;
  /** The clock; default `Date.now`. */
  now?: () => number;
  /** How a renewal happens (see {@link ZaloRenew}); default: spend the held refresh token. */
  renew?: ZaloRenew;
}

/**
 * Renews the pair the keeper holds: `spend(refreshToken)` trades a refresh token for the next
 * pair (once: it is single use), `held` is the pair the keeper has. Several processes each
 * holding a keeper for the same Official Account must not each spend the one refresh token —
 * the hub passes a `renew` that, under a lock shared by its processes, returns the pair
 * another process already stored when it is newer than `held`, else spends the stored
 * refresh token and stores the new pair before returning it.
 *
 * @example
 * const renew: ZaloRenew = (spend, held) => spend(held.refreshToken); // the default
 */
export type ZaloRenew = (
  spend: (refreshToken: string) => Promise<ZaloTokens>,
  held: ZaloTokens,
) => Promise<ZaloTokens>;

/** Keeps one Official Account's access token fresh for every send of the adapter. */
export interface ZaloTokenKeeper {
  /** A token valid for at least {@link REFRESH_AHEAD_MS}, refreshing first if needed. */
  current(): Promise<string>;
  /**
   * Zalo refused `used` as expired or invalid: a fresh token — refreshed once, however many
   * sends report the same token, or the one another send already got in its place.
   */
  refused(used: string): Promise<string>;
}

/**
 * A token keeper: refreshes ahead of expiry and when Zalo refuses a token, one renewal in
 * flight at a time — concurrent sends wait for the same one, since a second refresh would
 * spend a refresh token the first already used and fail. Across processes, `renew` keeps
 * the same promise (see {@link ZaloRenew}).
 */
export function createZaloTokenKeeper(options: ZaloTokenKeeperOptions): ZaloTokenKeeper {
  const now = options.now ?? Date.now;
  let tokens = options.initial;
  let inFlight: Promise<ZaloTokens> | null = null;

  const refresh = (): Promise<ZaloTokens> => {
    inFlight ??= (async () => {
      try {
        const next = options.renew
          ? await options.renew(options.refresh, tokens)
          : await options.refresh(tokens.refreshToken);
        tokens = next;
        return next;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  return {
    async current() {
      if (inFlight) return (await inFlight).accessToken;
      if (tokens.expiresAt.getTime() - now() > REFRESH_AHEAD_MS) return tokens.accessToken;
      return (await refresh()).accessToken;
    },
    async refused(used) {
      if (inFlight) return (await inFlight).accessToken;
      if (tokens.accessToken !== used) return tokens.accessToken;
      return (await refresh()).accessToken;
    },
  };
}

/** Zalo's OAuth answer: a new pair, or an error. `expires_in` comes as a string of seconds. */
interface OAuthReply {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_name?: unknown;
  error_description?: unknown;
}

/**
 * Spends a refresh token at `POST {oauthUrl}/v4/oa/access_token` (header `secret_key`, a form
 * of `app_id`, `refresh_token`, `grant_type=refresh_token`) for a new access token and the
 * next refresh token. A failure is a retryable `provider_unavailable` — the account needs an
 * operator (a new refresh token from the OA's consent), not the message — and never carries
 * a token in its message.
 */
export async function refreshZaloTokens(
  config: { oauthUrl: string; appId: string; appSecret: string },
  refreshToken: string,
  now: () => number = Date.now,
): Promise<ZaloTokens> {
  let reply: OAuthReply;
  try {
    const response = await fetch(`${config.oauthUrl}/v4/oa/access_token`, {
      method: 'POST',
      headers: {
        secret_key: config.appSecret,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        app_id: config.appId,
        refresh_token: refreshToken,
        grant_type: 'refresh_token',
      }),
      signal: AbortSignal.timeout(30_000),
    });
    reply = (await response.json()) as OAuthReply;
  } catch (cause) {
    throw new SafenetError('provider_unavailable', 'Zalo’s OAuth server could not be reached', {
      cause,
      reason: 'provider_unavailable',
      providerCode: 'network',
    });
  }
  const seconds = Number(reply.expires_in);
  if (
    typeof reply.access_token !== 'string' ||
    reply.access_token === '' ||
    typeof reply.refresh_token !== 'string' ||
    reply.refresh_token === '' ||
    !Number.isFinite(seconds)
  ) {
    const code = typeof reply.error === 'number' ? reply.error : undefined;
    const detail = [reply.error_name, reply.error_description]
      .filter((part) => typeof part === 'string' && part !== '')
      .join(': ');
    throw new SafenetError(
      'provider_unavailable',
      `Zalo refused to refresh the OA access token${code === undefined ? '' : ` (error ${code})`}${detail ? `: ${detail}` : ''}; grant the app access to the OA again for a new refresh token`,
      {
        cause: { error: reply.error, error_name: reply.error_name },
        reason: 'provider_unavailable',
        providerCode: code === undefined ? 'oauth' : String(code),
        throttlesChannel: true,
      },
    );
  }
  return {
    accessToken: reply.access_token,
    refreshToken: reply.refresh_token,
    expiresAt: new Date(now() + seconds * 1000),
  };
}
