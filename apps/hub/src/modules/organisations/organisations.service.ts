import {
  type ApiKeyInput,
  canNest,
  ORGANISATION_KINDS,
  type Organisation,
  type OrganisationInput,
  type OrganisationKind,
  type OrganisationPatch,
  type QuietHours,
  SafenetError,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { type AuthContext, personUserId } from '../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import { generateSecret, hashSecret } from './api-keys.js';
import {
  apiKeyBySecretHash,
  apiKeyInSubtree,
  insertApiKey,
  insertOrganisationRow,
  lockActiveAdminKeys,
  markApiKeyRevoked,
  organisationInScope,
  updateOrganisationRow,
} from './organisations.store.js';
import { type Db, type Executor, type OrganisationRow, own } from './organisations.tables.js';
import { formatQuietHours } from './quiet-hours.js';

/** What a new organisation takes from its parent: its place in the tree and its defaults. */
export type ParentOrganisation = Pick<
  OrganisationRow,
  'id' | 'kind' | 'path' | 'time_zone' | 'default_language'
>;

/** A new organisation. Under a parent, time zone and default language default to the parent's. */
export interface NewOrganisation {
  kind: OrganisationKind;
  name: string;
  /** The code a ministry uses for it, unique within the root's tree. */
  code?: string | undefined;
  timeZone?: string | undefined;
  defaultLanguage?: string | undefined;
}

/**
 * Creates an organisation under one of the caller's subtree (404 otherwise); its kind must be
 * allowed there.
 */
export async function createOrganisation(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof OrganisationInput>,
): Promise<OrganisationRow> {
  const parent = await organisationInScope(db, auth, input.parentId);
  return insertOrganisation(db, parent, input);
}

/**
 * Inserts an organisation under `parent`, or as a root when `parent` is null (a root names its
 * own time zone and default language). Its path is the parent's and its own new id. Fails with
 * `validation_failed` when its kind may not sit there: only a kind nothing may contain (a
 * ministry) is a root, and under a parent `canNest` decides. The one way an organisation is
 * created: by the API, the bootstrap and the demo seed (which pass `share(trx)`).
 */
export async function insertOrganisation(
  db: ExecutorHandle | Executor,
  parent: ParentOrganisation,
  input: NewOrganisation,
): Promise<OrganisationRow>;
export async function insertOrganisation(
  db: ExecutorHandle | Executor,
  parent: ParentOrganisation | null,
  input: NewOrganisation & { timeZone: string; defaultLanguage: string },
): Promise<OrganisationRow>;
export async function insertOrganisation(
  db: ExecutorHandle | Executor,
  parent: ParentOrganisation | null,
  input: NewOrganisation,
): Promise<OrganisationRow> {
  if (parent === null) {
    if (ORGANISATION_KINDS.some((kind) => canNest(kind, input.kind))) {
      throw invalidNesting(
        `A ${input.kind} cannot be a root organisation`,
        'not allowed as a root',
      );
    }
  } else if (!canNest(parent.kind as Organisation['kind'], input.kind)) {
    throw invalidNesting(
      `A ${input.kind} cannot sit under a ${parent.kind}`,
      `not allowed under a ${parent.kind}`,
    );
  }
  const timeZone = input.timeZone ?? parent?.time_zone;
  const defaultLanguage = input.defaultLanguage ?? parent?.default_language;
  if (timeZone === undefined || defaultLanguage === undefined) {
    // The overloads rule this out: only a root has no parent to take them from.
    throw new Error('A root organisation needs its time zone and default language');
  }
  const id = uuidv7();
  return withCode(input.code, () =>
    insertOrganisationRow(own(db), {
      id,
      parent_id: parent?.id ?? null,
      kind: input.kind,
      name: input.name,
      path: [...(parent?.path ?? []), id],
      time_zone: timeZone,
      default_language: defaultLanguage,
      code: input.code ?? null,
      created_at: new Date(),
    }),
  );
}

/**
 * Runs a write that may set an organisation's code, answering 409 `organisation_code_taken`
 * when the code is another's of the same root's tree (the partial unique index of migration
 * 019 decides, so two concurrent writes cannot both take it).
 */
async function withCode<T>(code: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (code && (error as { code?: string })?.code === '23505') {
      throw new SafenetError(
        'organisation_code_taken',
        `Another organisation of this tree already has the code "${code}": choose another code, or remove it from that organisation first`,
        {
          cause: error,
          errors: [{ path: 'body.code', code: 'organisation_code_taken', message: 'already used' }],
        },
      );
    }
    throw error;
  }
}

/** The `validation_failed` error for a kind that may not sit where it was asked to. */
function invalidNesting(message: string, detail: string): SafenetError {
  return new SafenetError('validation_failed', message, {
    errors: [{ path: 'body.kind', code: 'invalid_nesting', message: detail }],
  });
}

/**
 * Changes an organisation of the caller's subtree (404 otherwise), the fields given: its own
 * quiet hours, or none (`null`), or back to its parent's (`"inherit"`) — its descendants
 * without a setting of their own follow it from the next batch their messages are in; its
 * code (`null` removes it; 409 `organisation_code_taken` when another of the tree has it).
 */
export async function updateOrganisation(
  db: Db,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof OrganisationPatch>,
): Promise<OrganisationRow> {
  const row = await organisationInScope(db, auth, id);
  const { quietHours, code } = patch;
  const values: { quiet_hours?: string | null; code?: string | null } = {};
  if (quietHours !== undefined) {
    values.quiet_hours = formatQuietHours(
      quietHours === 'inherit' ? undefined : (quietHours as QuietHours | null),
    );
  }
  if (code !== undefined) values.code = code;
  if (Object.keys(values).length === 0) return row;
  return withCode(code, () => updateOrganisationRow(db, id, values));
}

/**
 * Creates a key for an organisation of the caller's subtree (404 otherwise) with a new
 * secret, recording the person who created it when a signed-in person did. The secret is
 * returned here only: the key stores its hash.
 */
export async function createApiKey(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof ApiKeyInput>,
) {
  await orgInScope(db, auth, input.orgId);
  const secret = generateSecret();
  // A key made with another key acts for the same person: it cannot launder self-approval.
  const row = await insertApiKey(db, {
    ...input,
    secret,
    createdByUserId: personUserId(auth.actor),
  });
  return { row, secret };
}

/** Resolves an `Authorization` header (or a stream's access token) to its key. */
export async function authenticate(db: Executor, secret: string | undefined): Promise<AuthContext> {
  if (!secret) {
    throw new SafenetError('unauthenticated', 'Send your API key as "Authorization: Bearer <key>"');
  }
  const row = await apiKeyBySecretHash(db, hashSecret(secret));
  if (!row || row.revoked_at) {
    throw new SafenetError(
      'unauthenticated',
      row ? 'This API key was revoked: ask an admin for a new one' : 'The API key is not valid',
    );
  }
  return {
    actor: { kind: 'key', apiKeyId: row.id, actsForUserId: row.created_by_user_id },
    orgId: row.org_id,
    orgPath: row.path,
    scopes: row.scopes,
  };
}

/**
 * Revokes the key `id` of the caller's subtree, unless that would lock people out: a key
 * cannot revoke itself (`api_key_self_revoke`), and the root organisation keeps at least one
 * active admin key (`api_key_last_admin`) — without one nobody could create organisations or
 * keys for the whole tree again.
 *
 * The root's active admin keys are locked (`FOR UPDATE`) before they are counted, so two
 * admins revoking each other's keys at once cannot both succeed: the second waits for the
 * first, then counts what is left.
 */
export async function revokeApiKey(db: Db, auth: AuthContext, id: string): Promise<void> {
  if (auth.actor.kind === 'key' && id === auth.actor.apiKeyId) {
    throw new SafenetError(
      'api_key_self_revoke',
      'A key cannot revoke itself: revoke it with another admin key (create one first with POST /v1/api-keys if needed)',
    );
  }
  await db.transaction().execute(async (trx) => {
    const target = await apiKeyInSubtree(trx, auth.orgId, id);
    if (!target) throw notFound('API key', id);
    if (target.revoked_at) return; // revoking twice changes nothing
    if (target.parent_id === null && target.scopes.includes('admin')) {
      const rootAdmins = await lockActiveAdminKeys(trx, target.org_id);
      // Re-checked under the lock: a concurrent revocation may have taken the others.
      const others = rootAdmins.filter((row) => row.id !== id);
      const stillActive = rootAdmins.length > others.length;
      if (stillActive && others.length === 0) {
        throw new SafenetError(
          'api_key_last_admin',
          "This is the root organisation's last active admin key: create another admin key for the root (POST /v1/api-keys), then revoke this one",
        );
      }
      if (!stillActive) return; // revoked meanwhile by someone else
    }
    await markApiKeyRevoked(trx, id);
  });
}
