import { SafenetError, type Scope } from '@safenet/core';

/**
 * Who acted: a person signed in with a session, or an API key. Four-eyes approval and the
 * audit trail read it; idempotency keys and rate limits are counted per actor. A key acts for
 * the person who created it (`actsForUserId`; absent for keys the hub made at start).
 */
export type Actor =
  | { kind: 'user'; userId: string }
  | { kind: 'key'; apiKeyId: string; actsForUserId?: string | null };

/** Who is calling: the actor, their organisation (and so its subtree) and their scopes. */
export interface AuthContext {
  actor: Actor;
  orgId: string;
  orgPath: string[];
  scopes: Scope[];
}

/** The actor as one string, unique across people and keys: `user:<id>` or `key:<id>`. */
export function actorId(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : `key:${actor.apiKeyId}`;
}

/** The record id of the actor (a person's or a key's; both are UUIDs, never the same). */
export function actorUuid(actor: Actor): string {
  return actor.kind === 'user' ? actor.userId : actor.apiKeyId;
}

/**
 * The person behind an actor, as one string: `user:<id>` for a signed-in person and for a key
 * created by them (directly or through another of their keys), `key:<id>` for a key nobody
 * created. Four-eyes approval compares these: approving with a key one created oneself is
 * self-approval.
 */
export function personOf(actor: Actor): string {
  if (actor.kind === 'user') return `user:${actor.userId}`;
  return actor.actsForUserId ? `user:${actor.actsForUserId}` : `key:${actor.apiKeyId}`;
}

/** The user the actor is or acts for (a key's creator), or null. */
export function personUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : (actor.actsForUserId ?? null);
}

/** The id of the person who acted, or null when a key did. */
export function actingUserId(auth: AuthContext): string | null {
  return auth.actor.kind === 'user' ? auth.actor.userId : null;
}

/**
 * Resolves an API key's secret (from an `Authorization` header, or a stream's access token)
 * to who is calling, or throws `unauthenticated`. The platform asks; the module that owns
 * API keys answers (`modules/organisations`), wired in when the hub is composed.
 */
export type Authenticate = (secret: string | undefined) => Promise<AuthContext>;

/** A session found from its cookie: who it signs in, and the CSRF token bound to it. */
export interface SessionAuth {
  auth: AuthContext;
  csrfToken: string;
}

/**
 * Resolves a session cookie's token to who is signed in (moving its idle expiry on), or
 * throws `unauthenticated` for an unknown, expired or ended session. The people module
 * answers.
 */
export type AuthenticateSession = (token: string) => Promise<SessionAuth>;

const BEARER = /^Bearer\s+(\S+)$/i;

/** The key from an `Authorization: Bearer` header, or undefined. */
export function bearerSecret(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/**
 * Who is calling, on a route that declares a scope (the auth plugin authenticated it before
 * the handler ran). Throws `unauthenticated` when nobody was: a public route asking for it.
 */
export function requireAuth(request: { readonly auth: AuthContext | null }): AuthContext {
  if (!request.auth) {
    throw new SafenetError(
      'unauthenticated',
      'Send your API key as "Authorization: Bearer <key>", or sign in (POST /v1/session)',
    );
  }
  return request.auth;
}

/** Throws `insufficient_scope` unless the caller has `scope`. */
export function requireScope(auth: AuthContext, scope: Scope): void {
  if (!auth.scopes.includes(scope)) {
    const who = auth.actor.kind === 'user' ? 'your role gives' : 'the key has';
    throw new SafenetError(
      'insufficient_scope',
      `This operation needs the "${scope}" scope; ${who} ${auth.scopes.map((s) => `"${s}"`).join(', ')}`,
    );
  }
}

/**
 * Throws `insufficient_scope` unless the caller has one of `scopes` (acknowledging an alert:
 * `write`, or `cases` for a specialist).
 */
export function requireAnyScope(auth: AuthContext, scopes: readonly Scope[]): void {
  if (scopes.some((scope) => auth.scopes.includes(scope))) return;
  const who = auth.actor.kind === 'user' ? 'your role gives' : 'the key has';
  throw new SafenetError(
    'insufficient_scope',
    `This operation needs one of the scopes ${scopes.map((s) => `"${s}"`).join(', ')}; ${who} ${auth.scopes.map((s) => `"${s}"`).join(', ')}`,
  );
}
