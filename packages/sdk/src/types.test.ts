import { readFileSync } from 'node:fs';
import * as core from '@safenet/core';
import { describe, expect, it } from 'vitest';

// The SDK's type list (types.ts, re-exported by index.ts) is kept by hand: these tests fail
// when @safenet/core adds a schema the SDK neither exports nor leaves out on purpose, when
// index.ts or the SDK reference misses one, and when the stream's documented events drift.

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Core schemas the SDK does not export as types, and why. */
const LEFT_OUT: Record<string, string> = {
  CaseActionName: 'the schema of CaseAction, which the SDK exports',
  CaseTransitionName: 'the schema of CaseTransition, which the SDK exports',
  CaseLinkRecord: 'part of CaseDetail: CaseDetail["links"][number] (core has no type of this name)',
  CaseListQuery: 'the hub’s query schema: the SDK takes CaseListParams',
  RecommendationQuery: 'the hub’s query schema: the SDK takes RecommendationListParams',
  CoverageQuery: 'the hub’s query schema: the SDK takes CoverageParams',
  ApprovalEventQuery: 'the hub’s query schema: the SDK takes ApprovalEventParams',
  CaseReportInput: 'the intakes’ common shape: the SDK takes CaseReportSubmit, the same with orgId',
  Addresses: 'part of Contact: Contact["addresses"]',
  AddressesInput: 'part of ContactInput: ContactInput["addresses"]',
  ZaloAddress: 'part of ContactInput: ContactInput["addresses"]["zalo"]',
  AgeBand: 'part of Contact and Recommendation: Contact["childAgeBands"][number]',
  Consent: 'part of Contact: Contact["consents"]',
  Consents: 'part of Contact: Contact["consents"]',
  TelegramStartToken: 'part of TelegramLink: TelegramLink["token"]',
  BroadcastContentInput: 'part of BroadcastInput: BroadcastInput["content"]',
  BroadcastPreviewLanguage: 'part of BroadcastPreview',
  BroadcastPreviewSms: 'part of BroadcastPreview: BroadcastPreview["sms"]',
  BroadcastPreviewAttachments: 'part of BroadcastPreview: BroadcastPreview["attachments"]',
  BroadcastPreviewChannelFiles:
    'part of BroadcastPreview: BroadcastPreview["attachments"]["byChannel"][Channel]',
  BroadcastPreviewZalo: 'part of BroadcastPreview: NonNullable<BroadcastPreview["zalo"]>',
  BroadcastPreviewZaloLanguage:
    'part of BroadcastPreview: NonNullable<BroadcastPreview["zalo"]>["languages"][number]',
  AttachmentFilename: 'a string in the SDK’s types (AttachmentUpload["filename"])',
  AttachmentUploadQuery: 'the hub’s query schema: the SDK takes AttachmentUpload',
  HotlineListQuery: 'the hub’s query schema: the SDK takes HotlineListParams',
  HotlineNumber: 'part of HotlineInput: HotlineInput["number"]',
  HotlineE164: 'part of HotlineInput: HotlineInput["e164"]',
  ContactImportQuery: 'the hub’s query schema: the SDK takes ContactImportOptions',
  ContactImportListQuery: 'the hub’s query schema: the SDK takes PageParams and orgId',
  ContactImportCommit: 'the body of ContactImports.commit: { mode }',
  ContactExportQuery: 'the hub’s query schema: the SDK takes ContactListParams and format',
  ImportErrorsQuery: 'the hub’s query schema: the SDK takes PageParams and lang',
  ImportMapping: 'ContactImportOptions["mapping"]',
  ContactImportProgressEvent: 'a member of StreamEvent: EventOf<"contact_import.progress">',
  SegmentQuery: 'the stored form of a segment query: Segment["query"]',
  AlertEvent: 'a member of StreamEvent: EventOf<"alert">',
  AlertEscalatedEvent: 'a member of StreamEvent: EventOf<"alert.escalated">',
  BroadcastProgressEvent: 'a member of StreamEvent: EventOf<"broadcast.progress">',
  ChannelSessionEvent: 'a member of StreamEvent: EventOf<"channel.session">',
  CampaignUpdatedEvent: 'a member of StreamEvent: EventOf<"campaign.updated">',
  CampaignListQuery: 'the hub’s query schema: the SDK takes CampaignListParams',
  AlertListQuery: 'the hub’s query schema: the SDK takes AlertListParams',
  PlanGridQuery: 'the hub’s query schema: the SDK takes PlanGridParams',
  PlanTaskQuery: 'the hub’s query schema: the SDK takes PlanTaskParams',
  PlanAssignmentUpdatedEvent: 'a member of StreamEvent: EventOf<"plan.assignment.updated">',
  CalendarQuery: 'the hub’s query schema: the SDK takes CalendarParams',
  CalendarOccurrenceEvent: 'a member of StreamEvent: EventOf<"calendar.occurrence">',
  ChoiceField: 'one kind of ReportField: Extract<ReportField, { type: "choice" }>',
  CountField: 'one kind of ReportField: Extract<ReportField, { type: "count" }>',
  DateField: 'one kind of ReportField: Extract<ReportField, { type: "date" }>',
  GroupField: 'one kind of ReportField: Extract<ReportField, { type: "group" }>',
  LongTextField: 'one kind of ReportField: Extract<ReportField, { type: "longText" }>',
  NumberField: 'one kind of ReportField: Extract<ReportField, { type: "number" }>',
  TextField: 'one kind of ReportField: Extract<ReportField, { type: "text" }>',
  YesNoField: 'one kind of ReportField: Extract<ReportField, { type: "yesNo" }>',
  ReportSubmittedEvent: 'a member of StreamEvent: EventOf<"report.submitted">',
  ReportFormListQuery: 'the hub’s query schema: the SDK takes ReportFormListParams',
  ReportPeriodsQuery: 'the hub’s query schema: the SDK takes a { from, until } range',
  ReportRollUpQuery: 'the hub’s query schema: the SDK takes ReportRollUpParams',
  CampaignTargetsQuery: 'the hub’s query schema: the SDK takes CampaignTargetsParams',
  ReportMissingQuery: 'the hub’s query schema: the SDK takes { orgId }',
  ReportExportQuery: 'the hub’s query schema: the SDK takes ReportExportParams',
  ReportAuditQuery: 'the hub’s query schema: the SDK takes ReportAuditParams',
  ReportReturnedEvent: 'a member of StreamEvent: EventOf<"report.returned">',
  ReportLinkListQuery: 'the hub’s query schema: the SDK takes { orgId }',
  DeliveryUpdatedEvent: 'a member of StreamEvent: EventOf<"delivery.updated">',
  InAppMessageEvent: 'a member of StreamEvent: EventOf<"message">',
  DeliveryListQuery: 'the hub’s query schema: the SDK takes DeliveryListParams',
  ContactListQuery: 'the hub’s query schema: the SDK takes ContactListParams',
  ConsentFilter: 'part of the hub’s ContactListQuery: the SDK takes ContactListParams["consent"]',
  ConsentHistoryQuery: 'the hub’s query schema: the SDK takes ConsentHistoryParams',
  WebhookMessageListQuery: 'the hub’s query schema: the SDK takes WebhookMessageListParams',
  WebhookUrl: 'a string in the SDK’s types',
  PageQuery: 'the hub’s query schema: the SDK takes PageParams',
  OrganisationListQuery: 'the hub’s query schema: the SDK takes OrganisationListParams',
  OrganisationCode: 'a string in the SDK’s types',
  ProgrammeLoadQuery: 'the hub’s query schema: the SDK takes ProgrammeLoadOptions',
  Id: 'a string in the SDK’s types',
  Money: 'a string in the SDK’s types (a decimal string)',
  Price: 'a string in the SDK’s types (a decimal string)',
  PriceCountry: 'a string in the SDK’s types',
  PricesByCountry: 'part of PriceTable: PriceTable["sms"]',
  LanguageCode: 'a string in the SDK’s types',
  PhoneNumber: 'a string in the SDK’s types',
  StoredPhoneNumber: 'a string in the SDK’s types',
  Timestamp: 'a string in the SDK’s types',
  TimeZone: 'a string in the SDK’s types',
  Email: 'a string in the SDK’s types',
  NewPassword: 'a string in the SDK’s types',
  PasswordInput: 'a string in the SDK’s types',
  PersonName: 'a string in the SDK’s types',
};

/** The names of core's zod schemas: each has a type of the same name. */
const coreSchemas = Object.entries(core)
  .filter(([, value]) => typeof value === 'object' && value !== null && '_zod' in value)
  .map(([name]) => name)
  .sort();

/** What types.ts exports: `[name, core type it aliases]`. */
const aliases = [
  ...read('./types.ts').matchAll(/^export type (\w+)(?:<\w+>)? = core\.(\w+)/gm),
].map((match) => [match[1], match[2]] as const);
const sdkTypes = aliases.map(([name]) => name as string).sort();

/** The text of a `## heading` section of the SDK reference. */
function referenceSection(heading: string): string {
  const doc = read('../../../docs/reference/sdk.md');
  const start = doc.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/reference/sdk.md has a "## ${heading}" section`).toBeGreaterThan(-1);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

describe("the SDK's types", () => {
  it('are every schema type of core, but those left out on purpose', () => {
    expect(sdkTypes.length).toBeGreaterThan(30);
    for (const [name, aliased] of aliases) expect(aliased, `types.ts: ${name}`).toBe(name);
    const missing = coreSchemas.filter((name) => !sdkTypes.includes(name) && !LEFT_OUT[name]);
    expect(missing, 'export these from types.ts and index.ts, or add them to LEFT_OUT').toEqual([]);
    for (const name of Object.keys(LEFT_OUT)) {
      expect(coreSchemas, `LEFT_OUT names ${name}, which core no longer has`).toContain(name);
      expect(sdkTypes, `${name} is exported and left out`).not.toContain(name);
    }
  });

  it('are all exported by index.ts', () => {
    const block = /export type \{([^}]*)\} from '\.\/types\.js';/.exec(read('./index.ts'));
    expect(block, "index.ts exports types from './types.js'").not.toBeNull();
    const exported = (block?.[1] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
      .sort();
    expect(exported).toEqual(sdkTypes);
  });

  it('are all named in the SDK reference', () => {
    const section = referenceSection('Types');
    for (const name of sdkTypes) expect(section, name).toContain(`\`${name}\``);
  });
});

describe('the stream', () => {
  const eventTypes = core.StreamEvent.options.map((option) => option.shape.type.value);

  it('documents every event type of core', () => {
    expect(eventTypes.length).toBeGreaterThan(0);
    const section = referenceSection('Streaming');
    const source = read('./stream/stream.ts');
    const comment = source.slice(0, source.indexOf('export class Stream'));
    for (const type of eventTypes) {
      expect(section, `docs/reference/sdk.md: ${type}`).toContain(`\`${type}\``);
      expect(comment, `stream.ts: ${type}`).toContain(`\`${type}\``);
    }
  });
});
