import type { ReportActor } from '@safenet/core';
import type { Json, OptionalTimestamp, Timestamp } from '../../platform/database/schema.js';

/** A signed no-login link to one organisation's report for one period (migration 027). */
export interface ReportLinksTable {
  id: string;
  form_id: string;
  period_key: string;
  org_id: string;
  contact_id: string | null;
  language: string;
  created_at: Timestamp;
  created_by: Json<ReportActor>;
  expires_at: Timestamp;
  revoked_at: OptionalTimestamp;
  revoked_by: Json<ReportActor | null>;
  last_used_at: OptionalTimestamp;
}
