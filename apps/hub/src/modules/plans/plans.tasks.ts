import type {
  CampaignStatus,
  Deadline,
  LocalizedText,
  Page,
  PlanAssignmentState,
  PlanAssignmentStatus,
  PlanTask,
  PlanTaskQuery,
} from '@safenet/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/database/keyset.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { type PlansDeps, statusAt, subtreeRoot } from './plans.access.js';
import { pairs } from './plans.grid.js';
import { type Executor, own } from './plans.tables.js';

/**
 * "Our tasks": an organisation's (item, organisation) pairs across campaigns, whoever owns
 * them. A pair's campaign is always one the caller may see: its owner is an ancestor of the
 * pair's organisation (or that organisation), and so is the caller, so one of them is above
 * the other.
 */

/** What sorts after every date: ongoing pairs and those with no due date left come last. */
const NO_DATE = '9999-12-31';

/** The sort key of the last row of a page: due date, campaign, item position, organisation. */
const TaskCursor = z.tuple([z.iso.date(), z.uuid(), z.int().min(0), z.uuid()]);

interface TaskRow {
  campaign_id: string;
  item_key: string;
  org_id: string;
  by_agreement: boolean;
  updated_at: Date | null;
  state: PlanAssignmentState;
  missed: string | null;
  next_due: string | null;
  due_on: string | null;
  sort_due: string;
  recorded_status: PlanAssignmentStatus;
  note: string | null;
  evidence_url: string | null;
  number: string;
  title: Record<string, string>;
  deadline: Deadline;
  completion_form: string;
  position: number;
  campaign_key: string | null;
  campaign_title: LocalizedText;
  owner_org_id: string;
  campaign_status: CampaignStatus;
  starts_on: string;
  ends_on: string;
  campaign_zone: string;
  org_name: string;
}

/**
 * The campaigns, neither archived nor cancelled, that may have pairs in the subtree of `root`:
 * those owned by it, above it or beneath it (a plan's pairs lie in its owner's subtree).
 */
async function campaignsAround(
  db: Executor,
  root: { id: string; path: readonly string[] },
  campaignId: string | undefined,
): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select c.id from campaigns c join organisations o on o.id = c.org_id
     where c.status not in ('archived', 'cancelled')
       and (c.org_id = any(${[...root.path]}::uuid[]) or ${root.id}::uuid = any(o.path))
       and (${campaignId ?? null}::uuid is null or c.id = ${campaignId ?? null}::uuid)`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * `GET /v1/plan-assignments`: the pairs of the subtree of `orgId` (default the caller's; it
 * must be in the caller's subtree, 404 otherwise) with their status as shown at the hub's
 * clock — overdue computed in each organisation's zone by the grid's SQL — filtered, sorted by
 * the date they are due (missed, else next; none last), then campaign, item and organisation,
 * a keyset page at a time.
 */
export async function listTasks(
  deps: PlansDeps,
  auth: AuthContext,
  query: z.output<typeof PlanTaskQuery>,
): Promise<Page<PlanTask>> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  const after = decodeKeyCursor(query.cursor, TaskCursor);
  const root = await subtreeRoot(db, auth, query.orgId);
  const campaignIds = await campaignsAround(db, root, query.campaignId);
  if (campaignIds.length === 0) return { items: [], nextCursor: null };
  const status = query.status ?? null;
  const dueBefore = query.dueBefore ?? null;
  // The page is picked over the grid's rows alone (keys, state, dates, the item's position),
  // then only its rows are joined to their titles, notes and names: a join before the sort
  // led the planner, who expects a handful of pairs, to loop over a province's 135,000.
  const rows = await sql<TaskRow>`
    with page as (
      select * from (
        select g.campaign_id, g.item_key, g.org_id, g.by_agreement, g.updated_at, g.state,
               g.missed, g.next_due,
               case when g.state = 'overdue' then g.missed else g.next_due end as due_on,
               coalesce(case when g.state = 'overdue' then g.missed else g.next_due end,
                        ${NO_DATE}) as sort_due,
               g.position
          from (${pairs(campaignIds, root.id, now)}) g
      ) t
       where (${status}::text is null or t.state = ${status})
         and (${dueBefore}::text is null or t.due_on < ${dueBefore})
         and (${after === undefined}::boolean
              or (t.sort_due, t.campaign_id, t.position, t.org_id)
               > (${after?.[0] ?? null}::text, ${after?.[1] ?? null}::uuid,
                  ${after?.[2] ?? null}::int, ${after?.[3] ?? null}::uuid))
       order by t.sort_due, t.campaign_id, t.position, t.org_id
       limit ${query.limit + 1}
    )
    select p.*, a.status as recorded_status, a.note, a.evidence_url,
           i.number, i.title, i.deadline, i.completion_form,
           c.key as campaign_key, c.title as campaign_title, c.org_id as owner_org_id,
           c.status as campaign_status, c.starts_on, c.ends_on, c.time_zone as campaign_zone,
           o.name as org_name
      from page p
      join plan_assignments a on a.campaign_id = p.campaign_id and a.item_key = p.item_key
       and a.org_id = p.org_id
      join plan_items i on i.campaign_id = p.campaign_id and i.key = p.item_key
      join campaigns c on c.id = p.campaign_id
      join organisations o on o.id = p.org_id
     order by p.sort_due, p.campaign_id, p.position, p.org_id`.execute(db);
  const page = rows.rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toTask(row, now)),
    nextCursor:
      rows.rows.length > query.limit && last
        ? encodeKeyCursor([last.sort_due, last.campaign_id, last.position, last.org_id])
        : null,
  };
}

function toTask(row: TaskRow, now: Date): PlanTask {
  const campaign = {
    status: row.campaign_status,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    timeZone: row.campaign_zone,
  };
  return {
    campaign: {
      id: row.campaign_id,
      key: row.campaign_key,
      title: row.campaign_title,
      ownerOrgId: row.owner_org_id,
      status: statusAt(campaign, now),
    },
    item: {
      key: row.item_key,
      number: row.number,
      title: row.title,
      deadline: row.deadline,
      completionForm: row.completion_form,
    },
    orgId: row.org_id,
    orgName: row.org_name,
    byAgreement: row.by_agreement,
    status: row.state,
    recordedStatus: row.recorded_status,
    overdueFor: row.state === 'overdue' ? row.missed : null,
    nextDue: row.next_due,
    dueOn: row.due_on,
    note: row.note,
    evidenceUrl: row.evidence_url,
    updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}
