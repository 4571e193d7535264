import { SafenetError, type Scope } from '@safenet/core';

/** Who is calling: the API key, its organisation (and so its subtree) and its scopes. */
export interface AuthContext {
  apiKeyId: string;
  orgId: string;
  orgPath: string[];
  scopes: Scope[];
}

/**
 * Resolves an API key's secret (from an `Authorization` header, or a stream's access token)
 * to who is calling, or throws `unauthenticated`. The platform asks; the module that owns
 * API keys answers (`modules/organisations`), wired in when the hub is composed.
 */
export type Authenticate = (secret: string | undefined) => Promise<AuthContext>;

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
    throw new SafenetError('unauthenticated', 'Send your API key as "Authorization: Bearer <key>"');
  }
  return request.auth;
}

/** Throws `insufficient_scope` unless the key has `scope`. */
export function requireScope(auth: AuthContext, scope: Scope): void {
  if (!auth.scopes.includes(scope)) {
    throw new SafenetError(
      'insufficient_scope',
      `This operation needs the "${scope}" scope; the key has ${auth.scopes.map((s) => `"${s}"`).join(', ')}`,
    );
  }
}
