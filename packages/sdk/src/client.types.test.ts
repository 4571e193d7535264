import type * as core from '@safenet/core';
import { describe, expectTypeOf, it } from 'vitest';
import type * as sdk from './index.js';
import { SafenetClient } from './index.js';

// Type tests of the public client. `expectTypeOf` does nothing at run time: the SDK's
// typecheck (tsc over src, test files included) fails when a signature drifts. Signatures
// are written with the names the SDK exports, so a type a method takes or returns that the
// SDK does not export fails too; the types themselves must be core's.

type Client = sdk.SafenetClient;
type Post = sdk.PostOptions;
type Req = sdk.RequestOptions;

describe('the client’s types', () => {
  it('exports core’s request and record types, not look-alikes', () => {
    expectTypeOf<sdk.BroadcastInput>().toEqualTypeOf<core.BroadcastInput>();
    expectTypeOf<sdk.Broadcast>().toEqualTypeOf<core.Broadcast>();
    expectTypeOf<sdk.BroadcastPreview>().toEqualTypeOf<core.BroadcastPreview>();
    expectTypeOf<sdk.BroadcastProgress>().toEqualTypeOf<core.BroadcastProgress>();
    expectTypeOf<sdk.Contact>().toEqualTypeOf<core.Contact>();
    expectTypeOf<sdk.ContactInput>().toEqualTypeOf<core.ContactInput>();
    expectTypeOf<sdk.Delivery>().toEqualTypeOf<core.Delivery>();
    expectTypeOf<sdk.StreamEvent>().toEqualTypeOf<core.StreamEvent>();
    expectTypeOf<sdk.StreamEventType>().toEqualTypeOf<core.StreamEventType>();
    expectTypeOf<sdk.Page<sdk.Contact>>().toEqualTypeOf<core.Page<core.Contact>>();
    expectTypeOf<sdk.PageParams>().toEqualTypeOf<Partial<core.PageQuery>>();
  });

  it('types broadcasts with core’s input and records', () => {
    type B = Client['broadcasts'];
    expectTypeOf<B['create']>().toEqualTypeOf<
      (input: sdk.BroadcastInput, options?: Post) => Promise<sdk.Broadcast>
    >();
    expectTypeOf<B['preview']>().toEqualTypeOf<
      (input: sdk.BroadcastInput, options?: Post) => Promise<sdk.BroadcastPreview>
    >();
    expectTypeOf<B['list']>().toEqualTypeOf<
      (params?: sdk.PageParams, options?: Req) => Promise<sdk.Page<sdk.Broadcast>>
    >();
    expectTypeOf<B['iterate']>().toEqualTypeOf<
      (params?: sdk.PageParams, options?: Req) => sdk.ItemIterator<sdk.Broadcast>
    >();
    expectTypeOf<B['get']>().toEqualTypeOf<(id: string, options?: Req) => Promise<sdk.Broadcast>>();
    expectTypeOf<B['progress']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.BroadcastProgress>
    >();
    expectTypeOf<B['cost']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.BroadcastCost>
    >();
    expectTypeOf<B['cancel']>().toEqualTypeOf<
      (id: string, options?: Post) => Promise<sdk.Broadcast>
    >();
    expectTypeOf<B['update']>().toEqualTypeOf<
      (id: string, patch: sdk.BroadcastUpdateInput, options?: Post) => Promise<sdk.Broadcast>
    >();
    expectTypeOf<B['approve']>().toEqualTypeOf<
      (id: string, options?: Post) => Promise<sdk.Broadcast>
    >();
    expectTypeOf<B['reject']>().toEqualTypeOf<
      (id: string, input: sdk.RejectionInput, options?: Post) => Promise<sdk.Broadcast>
    >();
    expectTypeOf<sdk.Broadcast['approvedTerms']>().toEqualTypeOf<sdk.SendApprovalTerms | null>();
    expectTypeOf<B['deliveries']>().toEqualTypeOf<
      (
        id: string,
        params?: sdk.DeliveryListParams,
        options?: Req,
      ) => Promise<sdk.Page<sdk.Delivery>>
    >();
    expectTypeOf<B['iterateDeliveries']>().toEqualTypeOf<
      (id: string, params?: sdk.DeliveryListParams, options?: Req) => sdk.ItemIterator<sdk.Delivery>
    >();
    expectTypeOf<sdk.DeliveryListParams>().toEqualTypeOf<
      sdk.PageParams & { status?: sdk.DeliveryStatus }
    >();
  });

  it('types contacts: a list is a Page<Contact>', () => {
    type C = Client['contacts'];
    expectTypeOf<C['list']>().toEqualTypeOf<
      (params?: sdk.ContactListParams, options?: Req) => Promise<sdk.Page<sdk.Contact>>
    >();
    expectTypeOf<Awaited<ReturnType<C['list']>>>().toEqualTypeOf<{
      items: core.Contact[];
      nextCursor: string | null;
    }>();
    expectTypeOf<C['iterate']>().toEqualTypeOf<
      (params?: sdk.ContactListParams, options?: Req) => sdk.ItemIterator<sdk.Contact>
    >();
    expectTypeOf<C['create']>().toEqualTypeOf<
      (input: sdk.ContactInput, options?: Post) => Promise<sdk.Contact>
    >();
    expectTypeOf<C['bulkUpsert']>().toEqualTypeOf<
      (input: sdk.ContactBulkInput, options?: Post) => Promise<sdk.ContactBulkResult>
    >();
    expectTypeOf<C['get']>().toEqualTypeOf<(id: string, options?: Req) => Promise<sdk.Contact>>();
    expectTypeOf<C['update']>().toEqualTypeOf<
      (id: string, patch: sdk.ContactPatch, options?: Post) => Promise<sdk.Contact>
    >();
    expectTypeOf<C['delete']>().toEqualTypeOf<(id: string, options?: Post) => Promise<void>>();
    expectTypeOf<C['consentHistory']>().toEqualTypeOf<
      (
        id: string,
        params?: sdk.ConsentHistoryParams,
        options?: Req,
      ) => Promise<sdk.Page<sdk.ConsentEvent>>
    >();
    expectTypeOf<C['iterateConsentHistory']>().toEqualTypeOf<
      (
        id: string,
        params?: sdk.ConsentHistoryParams,
        options?: Req,
      ) => sdk.ItemIterator<sdk.ConsentEvent>
    >();
    expectTypeOf<sdk.ConsentEvent>().toEqualTypeOf<core.ConsentEvent>();
    expectTypeOf<sdk.ConsentEvent['by']['kind']>().toEqualTypeOf<
      'user' | 'key' | 'contact' | 'provider' | 'system'
    >();
    // The filters take the hub's own value sets: a language, a role, a channel, a status.
    expectTypeOf<sdk.ContactListParams['language']>().toEqualTypeOf<sdk.Language | undefined>();
    expectTypeOf<sdk.ContactListParams['role']>().toEqualTypeOf<sdk.Role | undefined>();
    expectTypeOf<sdk.ContactListParams['channel']>().toEqualTypeOf<sdk.Channel | undefined>();
    expectTypeOf<sdk.ContactListParams['consent']>().toEqualTypeOf<
      Partial<Record<sdk.Channel, 'granted' | 'revoked' | 'none'>> | undefined
    >();
    // @ts-expect-error a status the hub does not know
    const _wrong: sdk.ContactListParams = { consent: { whatsapp: 'withdrawn' } };
  });

  it('types organisations, API keys, segments, recommendations and campaigns', () => {
    type O = Client['organisations'];
    expectTypeOf<O['list']>().toEqualTypeOf<
      (params?: sdk.OrganisationListParams, options?: Req) => Promise<sdk.Page<sdk.Organisation>>
    >();
    expectTypeOf<sdk.OrganisationListParams['code']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<O['create']>().toEqualTypeOf<
      (input: sdk.OrganisationInput, options?: Post) => Promise<sdk.Organisation>
    >();
    expectTypeOf<O['get']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.OrganisationDetail>
    >();
    expectTypeOf<O['update']>().toEqualTypeOf<
      (id: string, patch: sdk.OrganisationPatch, options?: Post) => Promise<sdk.OrganisationDetail>
    >();

    type K = Client['apiKeys'];
    expectTypeOf<K['list']>().toEqualTypeOf<
      (params?: sdk.PageParams, options?: Req) => Promise<sdk.Page<sdk.ApiKey>>
    >();
    expectTypeOf<K['create']>().toEqualTypeOf<
      (input: sdk.ApiKeyInput, options?: Post) => Promise<sdk.ApiKeyCreated>
    >();
    expectTypeOf<K['revoke']>().toEqualTypeOf<(id: string, options?: Post) => Promise<void>>();

    type S = Client['segments'];
    expectTypeOf<S['create']>().toEqualTypeOf<
      (input: sdk.SegmentInput, options?: Post) => Promise<sdk.Segment>
    >();
    expectTypeOf<S['count']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.SegmentCount>
    >();
    expectTypeOf<S['dryRun']>().toEqualTypeOf<
      (input: sdk.SegmentDryRunInput, options?: Post) => Promise<sdk.SegmentCount>
    >();
    expectTypeOf<S['delete']>().toEqualTypeOf<(id: string, options?: Post) => Promise<void>>();
    expectTypeOf<S['update']>().toEqualTypeOf<
      (id: string, patch: sdk.SegmentPatch, options?: Post) => Promise<sdk.Segment>
    >();

    type R = Client['recommendations'];
    expectTypeOf<R['create']>().toEqualTypeOf<
      (input: sdk.RecommendationInput, options?: Post) => Promise<sdk.Recommendation>
    >();
    expectTypeOf<R['update']>().toEqualTypeOf<
      (id: string, patch: sdk.RecommendationPatch, options?: Post) => Promise<sdk.Recommendation>
    >();

    type H = Client['hotlines'];
    expectTypeOf<H['list']>().toEqualTypeOf<
      (params?: sdk.HotlineListParams, options?: Req) => Promise<sdk.Page<sdk.Hotline>>
    >();
    expectTypeOf<H['create']>().toEqualTypeOf<
      (input: sdk.HotlineInput, options?: Post) => Promise<sdk.Hotline>
    >();
    expectTypeOf<H['update']>().toEqualTypeOf<
      (id: string, patch: sdk.HotlinePatch, options?: Post) => Promise<sdk.Hotline>
    >();
    expectTypeOf<H['delete']>().toEqualTypeOf<(id: string, options?: Post) => Promise<void>>();
    expectTypeOf<sdk.BroadcastInput['signposting']>().toEqualTypeOf<
      sdk.SignpostingInput | undefined
    >();

    type P = Client['campaigns'];
    expectTypeOf<P['create']>().toEqualTypeOf<
      (input: sdk.CampaignInput, options?: Post) => Promise<sdk.Campaign>
    >();
    expectTypeOf<P['list']>().toEqualTypeOf<
      (params?: sdk.CampaignListParams, options?: Req) => Promise<sdk.Page<sdk.Campaign>>
    >();
    expectTypeOf<P['update']>().toEqualTypeOf<
      (id: string, patch: sdk.CampaignPatch, options?: Post) => Promise<sdk.Campaign>
    >();
    expectTypeOf<P['schedule']>().toEqualTypeOf<
      (id: string, options?: Post) => Promise<sdk.Campaign>
    >();
    expectTypeOf<sdk.CampaignListParams['status']>().toEqualTypeOf<
      sdk.CampaignStatus | undefined
    >();
  });

  it('types the outbox and channels', () => {
    expectTypeOf<Client['outbox']['list']>().toEqualTypeOf<
      (params?: sdk.OutboxListParams, options?: Req) => Promise<sdk.Page<sdk.OutboxMessage>>
    >();
    expectTypeOf<sdk.OutboxListParams['channel']>().toEqualTypeOf<sdk.Channel | undefined>();
    type H = Client['channels'];
    expectTypeOf<H['list']>().toEqualTypeOf<
      (options?: Req) => Promise<{ items: sdk.ChannelInfo[] }>
    >();
    expectTypeOf<H['session']>().toEqualTypeOf<
      (channel: sdk.Channel, options?: Req) => Promise<sdk.ChannelSession>
    >();
    expectTypeOf<H['startSession']>().toEqualTypeOf<
      (channel: sdk.Channel, options?: Post) => Promise<sdk.ChannelSession>
    >();
    expectTypeOf<sdk.ChannelSession['state']>().toEqualTypeOf<sdk.ChannelSessionState>();
  });
});

describe('the webhook types', () => {
  it('types webhookEndpoints with core’s input and records', () => {
    type W = Client['webhookEndpoints'];
    expectTypeOf<W['list']>().toEqualTypeOf<
      (params?: sdk.PageParams, options?: Req) => Promise<sdk.Page<sdk.WebhookEndpoint>>
    >();
    expectTypeOf<W['iterate']>().toEqualTypeOf<
      (params?: sdk.PageParams, options?: Req) => sdk.ItemIterator<sdk.WebhookEndpoint>
    >();
    expectTypeOf<W['create']>().toEqualTypeOf<
      (input: sdk.WebhookEndpointInput, options?: Post) => Promise<sdk.WebhookEndpointWithSecret>
    >();
    expectTypeOf<W['get']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.WebhookEndpoint>
    >();
    expectTypeOf<W['update']>().toEqualTypeOf<
      (id: string, patch: sdk.WebhookEndpointPatch, options?: Post) => Promise<sdk.WebhookEndpoint>
    >();
    expectTypeOf<W['delete']>().toEqualTypeOf<(id: string, options?: Post) => Promise<void>>();
    expectTypeOf<W['rotateSecret']>().toEqualTypeOf<
      (id: string, options?: Post) => Promise<sdk.WebhookEndpointWithSecret>
    >();
    expectTypeOf<W['sendTest']>().toEqualTypeOf<
      (id: string, options?: Post) => Promise<sdk.WebhookMessage>
    >();
    expectTypeOf<W['messages']>().toEqualTypeOf<
      (
        id: string,
        params?: sdk.WebhookMessageListParams,
        options?: Req,
      ) => Promise<sdk.Page<sdk.WebhookMessage>>
    >();
    expectTypeOf<W['iterateMessages']>().toEqualTypeOf<
      (
        id: string,
        params?: sdk.WebhookMessageListParams,
        options?: Req,
      ) => sdk.ItemIterator<sdk.WebhookMessage>
    >();
    expectTypeOf<W['message']>().toEqualTypeOf<
      (id: string, messageId: string, options?: Req) => Promise<sdk.WebhookMessage>
    >();
    expectTypeOf<W['attempts']>().toEqualTypeOf<
      (
        id: string,
        messageId: string,
        params?: sdk.PageParams,
        options?: Req,
      ) => Promise<sdk.Page<sdk.WebhookAttempt>>
    >();
    expectTypeOf<W['replay']>().toEqualTypeOf<
      (id: string, messageId: string, options?: Post) => Promise<sdk.WebhookMessage>
    >();
    expectTypeOf<sdk.WebhookMessageListParams>().toEqualTypeOf<
      sdk.PageParams & { status?: sdk.WebhookMessageStatus }
    >();
    expectTypeOf<sdk.WebhookEndpointInput>().toEqualTypeOf<core.WebhookEndpointInput>();
    expectTypeOf<sdk.WebhookMessage>().toEqualTypeOf<core.WebhookMessage>();
  });

  it('types cases with core’s input and records', () => {
    type C = Client['cases'];
    expectTypeOf<C['report']>().toEqualTypeOf<
      (input: sdk.CaseReportSubmit, options?: Post) => Promise<sdk.CaseReportReceipt>
    >();
    expectTypeOf<C['reportStatus']>().toEqualTypeOf<
      (reference: string, options?: Req) => Promise<sdk.CaseReportStatus>
    >();
    expectTypeOf<C['list']>().toEqualTypeOf<
      (params?: sdk.CaseListParams, options?: Req) => Promise<sdk.Page<sdk.CaseSummary>>
    >();
    expectTypeOf<C['iterate']>().toEqualTypeOf<
      (params?: sdk.CaseListParams, options?: Req) => sdk.ItemIterator<sdk.CaseSummary>
    >();
    expectTypeOf<C['get']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.CaseDetail>
    >();
    expectTypeOf<C['triage']>().toEqualTypeOf<
      (id: string, input?: sdk.CaseTriageInput, options?: Post) => Promise<sdk.CaseDetail>
    >();
    for (const move of ['refer', 'act', 'resolve', 'reopen'] as const) {
      expectTypeOf<C[typeof move]>().toEqualTypeOf<
        (id: string, input?: sdk.CaseMoveInput, options?: Post) => Promise<sdk.CaseDetail>
      >();
    }
    // A rejection needs its reason.
    expectTypeOf<C['reject']>().toEqualTypeOf<
      (id: string, reason: string, options?: Post) => Promise<sdk.CaseDetail>
    >();
    expectTypeOf<C['assign']>().toEqualTypeOf<
      (id: string, assigneeId: string | null, options?: Post) => Promise<sdk.CaseDetail>
    >();
    expectTypeOf<C['addReferral']>().toEqualTypeOf<
      (id: string, input: sdk.CaseReferralInput, options?: Post) => Promise<sdk.CaseReferral>
    >();
    expectTypeOf<C['answerReferral']>().toEqualTypeOf<
      (
        id: string,
        referralId: string,
        input: sdk.CaseReferralAnswer,
        options?: Post,
      ) => Promise<sdk.CaseReferral>
    >();
    expectTypeOf<C['audit']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.CaseAuditTrail>
    >();
    expectTypeOf<sdk.CaseListParams['state']>().toEqualTypeOf<sdk.CaseState | 'open' | undefined>();
    expectTypeOf<sdk.CaseTriageInput['severity']>().toEqualTypeOf<sdk.CaseSeverity | undefined>();
    expectTypeOf<sdk.CaseDetail['allowed']>().toEqualTypeOf<sdk.CaseAction[]>();
    expectTypeOf<sdk.CaseReportSubmit>().toEqualTypeOf<core.CaseReportSubmit>();
    expectTypeOf<sdk.CaseDetail>().toEqualTypeOf<core.CaseDetail>();
    // @ts-expect-error a severity core does not know
    const _wrong: sdk.CaseListParams = { severity: 'urgent' };

    type O = Client['organisations'];
    expectTypeOf<O['getCaseRouting']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.CaseRoutingView>
    >();
    expectTypeOf<O['putCaseRouting']>().toEqualTypeOf<
      (id: string, input: sdk.CaseRoutingInput, options?: Post) => Promise<sdk.CaseRoutingView>
    >();
    expectTypeOf<sdk.CaseRoutingView['rules']>().toEqualTypeOf<core.CaseRoutingRule[]>();
    expectTypeOf<O['getPrices']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.PricesInForce>
    >();
    expectTypeOf<O['putPrices']>().toEqualTypeOf<
      (id: string, table: sdk.PricesInput['table'], options?: Post) => Promise<sdk.PricesInForce>
    >();
    expectTypeOf<O['getCaseResponseTimes']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.CaseResponseTimesInForce>
    >();
    expectTypeOf<O['putCaseResponseTimes']>().toEqualTypeOf<
      (
        id: string,
        times: sdk.CaseResponseTimes | null,
        options?: Post,
      ) => Promise<sdk.CaseResponseTimesInForce>
    >();
    expectTypeOf<O['getSendApproval']>().toEqualTypeOf<
      (id: string, options?: Req) => Promise<sdk.SendApprovalSetting>
    >();
    expectTypeOf<O['putSendApproval']>().toEqualTypeOf<
      (id: string, threshold: number | null, options?: Post) => Promise<sdk.SendApprovalSetting>
    >();
  });

  it('narrows a verified payload on its type', () => {
    expectTypeOf<typeof sdk.verifyWebhook>().returns.toEqualTypeOf<sdk.WebhookPayload>();
    const handle = (event: sdk.WebhookPayload) => {
      switch (event.type) {
        case 'broadcast.progress':
          expectTypeOf(event.data.status).toEqualTypeOf<sdk.BroadcastStatus>();
          expectTypeOf(event.data.orgId).toEqualTypeOf<string>();
          break;
        case 'delivery.updated':
          expectTypeOf(event.data.status).toEqualTypeOf<sdk.DeliveryStatus>();
          break;
        case 'alert':
          expectTypeOf(event.data.code).toEqualTypeOf<core.AlertCode>();
          expectTypeOf(event.data.alertId).toEqualTypeOf<string>();
          break;
        case 'channel.session':
          expectTypeOf(event.data.state).toEqualTypeOf<sdk.ChannelSessionState>();
          break;
        case 'campaign.updated':
          expectTypeOf(event.data.status).toEqualTypeOf<sdk.CampaignStatus>();
          break;
        case 'plan.assignment.updated':
          expectTypeOf(event.data.status).toEqualTypeOf<sdk.PlanAssignmentState>();
          break;
        case 'calendar.occurrence':
          expectTypeOf(event.data.broadcastId).toEqualTypeOf<string | null>();
          break;
        case 'report.submitted':
          expectTypeOf(event.data.state).toEqualTypeOf<sdk.SubmissionState>();
          break;
        case 'report.returned':
          expectTypeOf(event.data.comment).toEqualTypeOf<string>();
          break;
        case 'alert.escalated':
          expectTypeOf(event.data.notifiedOrgId).toEqualTypeOf<string>();
          break;
        case 'contact_import.progress':
          expectTypeOf(event.data.status).toEqualTypeOf<sdk.ImportStatus>();
          break;
        case 'webhook.test':
          expectTypeOf(event.data.endpointId).toEqualTypeOf<string>();
          break;
        default:
          expectTypeOf(event).toBeNever();
      }
    };
    expectTypeOf(handle).parameter(0).toEqualTypeOf<core.WebhookPayload>();
  });
});

describe('the stream’s types', () => {
  // Never connected: only the types of these calls are looked at.
  const client = new SafenetClient({ baseUrl: 'https://hub.invalid', apiKey: 'sn_types' });

  it('narrows an event on its type', () => {
    const handle = (event: sdk.StreamEvent) => {
      switch (event.type) {
        case 'broadcast.progress':
          expectTypeOf(event.data).toEqualTypeOf<sdk.BroadcastProgress>();
          break;
        case 'delivery.updated':
          expectTypeOf(event.data.status).toEqualTypeOf<sdk.DeliveryStatus>();
          break;
        case 'message':
          expectTypeOf(event.data.body).toEqualTypeOf<string>();
          break;
        case 'alert':
          expectTypeOf(event.data.severity).toEqualTypeOf<'info' | 'warning' | 'critical'>();
          break;
        case 'channel.session':
          expectTypeOf(event.data).toEqualTypeOf<sdk.ChannelSession>();
          break;
        case 'campaign.updated':
          expectTypeOf(event.data.by).toEqualTypeOf<'request' | 'calendar'>();
          break;
        case 'plan.assignment.updated':
          expectTypeOf(event.data.recordedStatus).toEqualTypeOf<sdk.PlanAssignmentStatus>();
          break;
        case 'calendar.occurrence':
          expectTypeOf(event.data.state).toEqualTypeOf<'fired' | 'missed'>();
          break;
        case 'report.submitted':
          expectTypeOf(event.data.version).toEqualTypeOf<number>();
          break;
        case 'report.returned':
          expectTypeOf(event.data.returnedBy).toEqualTypeOf<string>();
          break;
        case 'alert.escalated':
          expectTypeOf(event.data.notifiedOrgId).toEqualTypeOf<string>();
          break;
        case 'contact_import.progress':
          expectTypeOf(event.data.counts.rejected).toEqualTypeOf<number>();
          break;
        default:
          // Every type of core is handled above.
          expectTypeOf(event).toBeNever();
      }
    };
    expectTypeOf(handle).parameter(0).toEqualTypeOf<core.StreamEvent>();
  });

  it('types the subscription’s alert commands', () => {
    expectTypeOf<sdk.Subscription['acknowledgeAlert']>().toEqualTypeOf<
      (alertId: string, options?: Req) => Promise<sdk.Alert>
    >();
    expectTypeOf<sdk.Subscription['resolveAlert']>().toEqualTypeOf<
      (alertId: string, options?: Req) => Promise<sdk.Alert>
    >();
  });

  it('types onEvent and the iterator by the types asked for', () => {
    // What the stream sends: core's event and its id in the event log.
    expectTypeOf<sdk.EventOf<'alert'>>().toEqualTypeOf<
      Extract<core.StreamEvent, { type: 'alert' }> & { id: string }
    >();
    expectTypeOf<sdk.EventOf<sdk.StreamEventType>>().toEqualTypeOf<
      sdk.StreamEvent & { id: string }
    >();
    expectTypeOf<
      Parameters<sdk.SubscribeOptions<'alert' | 'message'>['onEvent']>[0]
    >().toEqualTypeOf<sdk.EventOf<'alert'> | sdk.EventOf<'message'>>();
    // Without `types`, every event.
    expectTypeOf<Parameters<sdk.SubscribeOptions['onEvent']>[0]>().toEqualTypeOf<
      sdk.EventOf<sdk.StreamEventType>
    >();

    // `types` as a literal list infers the event type of `onEvent` (not called: it would connect).
    const subscribe = () =>
      client.stream.subscribe({
        types: ['broadcast.progress', 'alert'],
        onEvent: (event) => {
          expectTypeOf(event.type).toEqualTypeOf<'broadcast.progress' | 'alert'>();
        },
      });
    expectTypeOf(subscribe).returns.toEqualTypeOf<sdk.Subscription>();
    expectTypeOf(client.stream.events<'alert'>).returns.toEqualTypeOf<
      AsyncGenerator<sdk.EventOf<'alert'>, void, undefined>
    >();
    expectTypeOf(client.stream.events)
      .parameter(0)
      .toEqualTypeOf<sdk.EventsOptions<sdk.StreamEventType> | undefined>();
  });
});
