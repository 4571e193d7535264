import type {
  AgeBand,
  AttachmentContentType,
  RecommendationStatus,
  RecommendationTopic,
} from '@safenet/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** A recommendation's identity; its texts are its versions' (migration 036). */
export interface RecommendationsTable {
  id: string;
  org_id: string;
  /** The version sent now, or null. */
  published_version_id: string | null;
  /** The newest version (set in the transaction that creates the recommendation). */
  latest_version_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One version of a recommendation: its text, targets, authors and review. */
export interface RecommendationVersionsTable {
  id: string;
  recommendation_id: string;
  org_id: string;
  number: number;
  status: RecommendationStatus;
  topic: RecommendationTopic;
  tags: string[];
  title: Json<Record<string, string>>;
  body: Json<Record<string, string>>;
  target_roles: string[];
  target_age_bands: Json<AgeBand[]>;
  /** The people (`personOf`) who created or edited it: none of them may approve it. */
  authors: string[];
  submitted_at: Timestamp | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_decision: 'approved' | 'rejected' | null;
  review_comment: string | null;
  published_at: Timestamp | null;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * A file versions carry (migration 040): stored once per organisation for the same bytes
 * under the same name.
 */
export interface AttachmentsTable {
  id: string;
  org_id: string;
  /** Hex SHA-256 of `data`. */
  sha256: string;
  filename: string;
  /** Sniffed from the bytes, never taken from the client. */
  content_type: AttachmentContentType;
  size_bytes: number;
  data: Buffer;
  created_at: Timestamp;
  /** The actor who uploaded it first: `user:<id>` or `key:<id>`. */
  created_by: string;
}

/** The files a version carries, in order. */
export interface RecommendationVersionAttachmentsTable {
  version_id: string;
  attachment_id: string;
  position: number;
}

/** The tables of the content module. */
export interface ContentTables {
  recommendations: RecommendationsTable;
  recommendation_versions: RecommendationVersionsTable;
  attachments: AttachmentsTable;
  recommendation_version_attachments: RecommendationVersionAttachmentsTable;
}

export type RecommendationRow = Selectable<RecommendationsTable>;
export type VersionRow = Selectable<RecommendationVersionsTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;

/** What the content module's code sees: the platform's tables and its own. */
type View = PlatformTables & ContentTables;

/** Opens a database handle as the content module's view (see `tablesView`). */
export const own = tablesView<ContentTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
