import type { StreamEvent, StreamEventType } from '@safenet/sdk';

/**
 * Every stream event type, for `listen --type` and its completion. The SDK exports the type,
 * not the list; the check below fails the typecheck when the hub adds a type not listed here.
 */
export const EVENT_TYPES = [
  'broadcast.progress',
  'delivery.updated',
  'message',
  'alert',
  'alert.escalated',
  'channel.session',
  'campaign.updated',
  'plan.assignment.updated',
  'calendar.occurrence',
  'report.submitted',
  'report.returned',
  'contact_import.progress',
] as const satisfies readonly StreamEventType[];

type Missing = Exclude<StreamEventType, (typeof EVENT_TYPES)[number]>;
const everyTypeListed: [Missing] extends [never] ? true : Missing = true;
void everyTypeListed;

/** One line about an event: what a person tailing the stream wants to see at a glance. */
export function eventSummary(event: StreamEvent): string {
  switch (event.type) {
    case 'broadcast.progress': {
      const { broadcastId, status, total, counts } = event.data;
      const done = Object.entries(counts)
        .filter(([, count]) => (count ?? 0) > 0)
        .map(([name, count]) => `${name} ${count}`)
        .join(', ');
      return `broadcast ${broadcastId} ${status}, ${total} deliveries${done ? `: ${done}` : ''}`;
    }
    case 'delivery.updated':
      return `delivery ${event.data.deliveryId} ${event.data.channel} ${event.data.status}${event.data.reason ? ` (${event.data.reason})` : ''}`;
    case 'message':
      return `in-app message ${event.data.deliveryId} to contact ${event.data.contactId} (${event.data.language})`;
    case 'alert':
      return `${event.data.severity} ${event.data.code}: ${event.data.message}`;
    case 'alert.escalated':
      return `alert ${event.data.alertId} escalated, step ${event.data.step}, to ${event.data.notifiedOrgId}`;
    case 'channel.session':
      return `${event.data.channel} ${event.data.provider} ${event.data.state}${event.data.detail ? `: ${event.data.detail}` : ''}`;
    case 'campaign.updated':
      return `campaign ${event.data.campaignId} ${event.data.previousStatus} → ${event.data.status} (${event.data.by})`;
    case 'plan.assignment.updated':
      return `plan item ${event.data.itemKey} of ${event.data.orgId}: ${event.data.previousStatus} → ${event.data.recordedStatus}`;
    case 'calendar.occurrence':
      return `announcement ${event.data.announcementKey} ${event.data.state} (due ${event.data.dueAt})`;
    case 'report.submitted':
      return `report ${event.data.formId}/${event.data.periodKey} of ${event.data.orgId}: ${event.data.state} v${event.data.version}`;
    case 'report.returned':
      return `report ${event.data.formId}/${event.data.periodKey} of ${event.data.orgId} returned: ${event.data.comment}`;
    case 'contact_import.progress': {
      const { id, fileName, status, processed, counts } = event.data;
      return `contact import ${id} (${fileName}) ${status}: ${processed}/${counts.rows} rows, ${counts.rejected} rejected`;
    }
  }
}
