import type { Channel, ConsentFilterStatus, ContactListParams, Language, Role } from '@safenet/sdk';
import { CHANNELS, CONTACT_ROLES, LANGUAGES } from '../api/domain.js';

/** The contacts page's URL search: the search text and filters, each optional. */
export interface ContactsSearch {
  orgId?: string;
  q?: string;
  role?: Role;
  language?: Language;
  /** `channel:status`, e.g. `whatsapp:granted`. */
  consent?: string;
}

export const CONSENT_FILTER_STATUSES = [
  'granted',
  'revoked',
  'none',
] as const satisfies readonly ConsentFilterStatus[];

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value)
    ? (value as T)
    : undefined;

/** Reads the URL's search, dropping what the page does not offer (a link edited by hand). */
export function contactsSearch(search: Record<string, unknown>): ContactsSearch {
  const [channel, status] = typeof search.consent === 'string' ? search.consent.split(':') : [];
  const consent =
    oneOf(CHANNELS, channel) && oneOf(CONSENT_FILTER_STATUSES, status)
      ? `${channel}:${status}`
      : undefined;
  const q = typeof search.q === 'string' ? search.q.trim().slice(0, 100) : '';
  const role = oneOf(CONTACT_ROLES, search.role);
  const language = oneOf(LANGUAGES, search.language);
  return {
    ...(typeof search.orgId === 'string' && search.orgId ? { orgId: search.orgId } : {}),
    ...(q ? { q } : {}),
    ...(role ? { role } : {}),
    ...(language ? { language } : {}),
    ...(consent ? { consent } : {}),
  };
}

/** The SDK's list parameters for a page search. */
export function listParams(search: ContactsSearch, orgId: string): ContactListParams {
  const [channel, status] = (search.consent ?? '').split(':') as [Channel, ConsentFilterStatus];
  return {
    orgId,
    ...(search.q ? { q: search.q } : {}),
    ...(search.role ? { role: search.role } : {}),
    ...(search.language ? { language: search.language } : {}),
    ...(search.consent ? { consent: { [channel]: status } } : {}),
  };
}
