import type {
  CaseCategory,
  CasePlatform,
  CaseReferral,
  CaseReportRecord,
  CaseSeverity,
  CaseSource,
  CaseState,
  CaseSummary,
  Language,
} from '@safenet/core';
import type { Selectable } from 'kysely';
import type { CaseReferralsTable, CaseReportRow, CaseRow } from './cases.tables.js';

/** A case row as the API answers it in lists. */
export function toCaseSummary(row: CaseRow): CaseSummary {
  return {
    id: row.id,
    number: row.number,
    state: row.state as CaseState,
    severity: row.severity as CaseSeverity,
    category: row.category as CaseCategory,
    platform: row.platform as CasePlatform,
    orgId: row.org_id,
    concernedOrgId: row.concerned_org_id,
    assigneeId: row.assignee_id,
    reportCount: row.report_count,
    acknowledgeBy: row.acknowledge_by.toISOString(),
    resolveBy: row.resolve_by.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    rejectReason: row.reject_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A report as specialists read it: the reporter as a short pseudonym. */
export function toCaseReport(row: CaseReportRow): CaseReportRecord {
  return {
    reference: row.reference,
    source: row.source as CaseSource,
    platform: row.platform as CasePlatform,
    category: row.category as CaseCategory,
    description: row.description,
    language: row.language as Language,
    place: row.place,
    links: row.links,
    reporter: `reporter-${row.reporter_hash.slice(0, 10)}`,
    contact: row.contact,
    hearsBack: row.feedback !== null,
    receivedAt: row.received_at.toISOString(),
  };
}

export function toReferral(row: Selectable<CaseReferralsTable>): CaseReferral {
  return {
    id: row.id,
    caseId: row.case_id,
    target: row.target as CaseReferral['target'],
    recipient: row.recipient,
    summary: row.summary,
    sentAt: row.sent_at.toISOString(),
    answer: row.answer,
    answeredAt: row.answered_at?.toISOString() ?? null,
    createdBy: row.created_by,
  };
}
