import type { Language, SafenetClient } from '@safenet/sdk';

/*
 * The people API of issue 11 (users, sign-in, invitations, password resets), as the console
 * uses it. The SDK's session mode lands from the `people` branch; until it is merged these
 * types are the contract the console is written against, and `ConsoleClient` adds them to
 * `SafenetClient`. Once the SDK exports them, this file shrinks to re-exports.
 */

/** What a person may do: a set of API-key scopes (core's `ROLE_SCOPES`). */
export type UserRole = 'admin' | 'editor' | 'sender' | 'viewer';

/** A person who signs in to the console. */
export interface User {
  id: string;
  email: string;
  name: string;
  orgId: string;
  role: UserRole;
  language: Language;
  disabled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

/** A signed-in session: the cookie is httpOnly, the CSRF token rides on writes. */
export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

/** An invitation an admin sends; `link` is returned so it can be passed on another way. */
export interface InvitationCreated {
  id: string;
  email: string;
  orgId: string;
  role: UserRole;
  language: Language;
  expiresAt: string;
  link: string;
}

/** The calls of the people API the console makes. */
export interface PeopleApi {
  session: {
    signIn(input: { email: string; password: string }): Promise<Session>;
    current(): Promise<Session>;
    signOut(): Promise<void>;
  };
  users: {
    list(params?: { orgId?: string; limit?: number; cursor?: string }): Promise<{
      items: User[];
      nextCursor: string | null;
    }>;
    updateMe(patch: {
      name?: string;
      language?: Language;
      password?: { current: string; new: string };
    }): Promise<User>;
  };
  invitations: {
    create(input: {
      email: string;
      orgId: string;
      role: UserRole;
      language: Language;
    }): Promise<InvitationCreated>;
    accept(input: { token: string; name: string; password: string }): Promise<Session>;
  };
  passwordResets: {
    request(input: { email: string }): Promise<void>;
    complete(input: { token: string; password: string }): Promise<void>;
  };
}

/** The SDK client with the people API. */
export type ConsoleClient = SafenetClient & PeopleApi;
