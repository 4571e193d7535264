import type {
  ApiKey,
  Broadcast,
  Campaign,
  Contact,
  Delivery,
  Organisation,
  OutboxMessage,
  Recommendation,
  Segment,
} from '@safenet/core';
import type { Selectable } from 'kysely';
import type {
  ApiKeysTable,
  BroadcastsTable,
  CampaignsTable,
  ContactsTable,
  DeliveriesTable,
  OrganisationsTable,
  OutboxMessagesTable,
  RecommendationsTable,
  SegmentsTable,
} from './database.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    id: row.id,
    parentId: row.parent_id,
    kind: row.kind as Organisation['kind'],
    name: row.name,
    path: row.path,
    timeZone: row.time_zone,
    defaultLanguage: row.default_language as Organisation['defaultLanguage'],
    createdAt: iso(row.created_at),
  };
}

export function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    scopes: row.scopes,
    prefix: row.prefix,
    createdAt: iso(row.created_at),
    revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
  };
}

export function toContact(row: Selectable<ContactsTable>): Contact {
  return {
    id: row.id,
    orgId: row.org_id,
    orgPath: row.org_path,
    externalRef: row.external_ref,
    displayName: row.display_name,
    role: row.role as Contact['role'],
    language: row.language as Contact['language'],
    timeZone: row.time_zone,
    childAgeBands: row.child_age_bands,
    addresses: row.addresses,
    consents: row.consents,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toSegment(row: Selectable<SegmentsTable>): Segment {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    query: row.query as Segment['query'],
    createdAt: iso(row.created_at),
  };
}

export function toRecommendation(row: Selectable<RecommendationsTable>): Recommendation {
  return {
    id: row.id,
    orgId: row.org_id,
    topic: row.topic,
    title: row.title,
    body: row.body,
    targetRoles: row.target_roles as Recommendation['targetRoles'],
    targetAgeBands: row.target_age_bands,
    status: row.status as Recommendation['status'],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toCampaign(row: Selectable<CampaignsTable>): Campaign {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    description: row.description,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    timeZone: row.time_zone,
    organisers: row.organisers,
    createdAt: iso(row.created_at),
  };
}

export function toBroadcast(row: Selectable<BroadcastsTable>): Broadcast {
  return {
    id: row.id,
    orgId: row.org_id,
    campaignId: row.campaign_id,
    segmentId: row.segment_id,
    channels: row.channels,
    content: row.content as Broadcast['content'],
    variables: row.variables,
    sendAt: iso(row.send_at),
    fallbackAfterSeconds: row.fallback_after_seconds,
    status: row.status as Broadcast['status'],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    broadcastId: row.broadcast_id,
    orgId: row.org_id,
    contactId: row.contact_id,
    channel: row.channel,
    language: row.language as Delivery['language'],
    status: row.status,
    reason: row.reason,
    providerMessageId: row.provider_message_id,
    attempts: row.attempts,
    fallbackFrom: row.fallback_from,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toOutboxMessage(row: Selectable<OutboxMessagesTable>): OutboxMessage {
  return {
    id: row.id,
    orgId: row.org_id,
    deliveryId: row.delivery_id,
    channel: row.channel,
    to: row.recipient,
    language: row.language as OutboxMessage['language'],
    subject: row.subject,
    body: row.body,
    createdAt: iso(row.created_at),
  };
}
