import { describe, expect, it } from 'vitest';
import { SafenetClient } from '../client.js';
import { startHttpStub } from '../testing/http-stub.js';

const ID = '0190a5a0-0000-7000-8000-00000000000a';
const ORG = '0190a5a0-0000-7000-8000-000000000001';

interface Case {
  call: (client: SafenetClient) => Promise<unknown>;
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

const memo = {
  orgId: ORG,
  topic: 'online-safety' as const,
  title: {
    en: 'How to stay safe on the Internet',
    ru: 'Как оставаться в безопасности в Интернете',
  },
  body: { en: 'Hotline: {{hotline}}', ru: 'Телефон доверия: {{hotline}}' },
};
const query = { roles: ['parent' as const], languages: ['kk', 'ru'] };
const reportForm = {
  orgId: ORG,
  key: 'safe-internet-2017-results',
  title: { ru: 'Итоги информационной кампании «Безопасный интернет»' },
  fields: [
    { key: 'assemblies', type: 'count' as const, label: { ru: 'Кол-во общешкольных линеек' } },
  ],
  schedule: {
    kind: 'once' as const,
    startsOn: '2017-04-10',
    endsOn: '2017-04-21',
    dueOn: '2017-04-25',
  },
};

const harmfulReport = {
  links: ['https://www.tiktok.com/@user/video/7301'],
  category: 'violence' as const,
  platform: 'tiktok' as const,
  description: 'Драка подростков возле школы, видео распространяется',
  language: 'ru' as const,
  orgId: ORG,
};
const responseTimes = {
  critical: { acknowledgeMinutes: 10, resolveMinutes: 720 },
  high: { acknowledgeMinutes: 60, resolveMinutes: 4320 },
  normal: { acknowledgeMinutes: 1440, resolveMinutes: 10080 },
  low: { acknowledgeMinutes: 4320, resolveMinutes: 43200 },
};

const hotline = {
  orgId: ORG,
  number: '02623.951.567',
  name: { vi: 'Đường dây nóng bảo vệ, chăm sóc trẻ em tỉnh Đắk Lắk' },
  purposes: ['child_protection' as const],
  languages: ['vi' as const],
  serves: [ORG],
};

/** Every endpoint of docs/reference/api.md, except the stream, health and docs. */
const cases: Record<string, Case> = {
  'organisations.list': {
    call: (c) => c.organisations.list({ limit: 10 }),
    method: 'GET',
    path: '/v1/organisations',
    query: { limit: '10' },
  },
  'organisations.create': {
    call: (c) => c.organisations.create({ parentId: ORG, kind: 'province', name: 'Đắk Lắk' }),
    method: 'POST',
    path: '/v1/organisations',
    body: { parentId: ORG, kind: 'province', name: 'Đắk Lắk' },
  },
  'organisations.list by code': {
    call: (c) => c.organisations.list({ code: 'demo-nbk' }),
    method: 'GET',
    path: '/v1/organisations',
    query: { code: 'demo-nbk' },
  },
  'organisations.get': {
    call: (c) => c.organisations.get(ID),
    method: 'GET',
    path: `/v1/organisations/${ID}`,
  },
  'organisations.update': {
    call: (c) => c.organisations.update(ID, { quietHours: { from: '22:00', to: '07:00' } }),
    method: 'PATCH',
    path: `/v1/organisations/${ID}`,
    body: { quietHours: { from: '22:00', to: '07:00' } },
  },
  'apiKeys.list': { call: (c) => c.apiKeys.list(), method: 'GET', path: '/v1/api-keys' },
  'apiKeys.create': {
    call: (c) => c.apiKeys.create({ orgId: ORG, name: 'School dashboard', scopes: ['read'] }),
    method: 'POST',
    path: '/v1/api-keys',
    body: { orgId: ORG, name: 'School dashboard', scopes: ['read'] },
  },
  'apiKeys.revoke': {
    call: (c) => c.apiKeys.revoke(ID),
    method: 'DELETE',
    path: `/v1/api-keys/${ID}`,
  },
  'session.signIn': {
    call: (c) => c.session.signIn({ email: 'editor.ministry@example.org', password: 'p' }),
    method: 'POST',
    path: '/v1/session',
    body: { email: 'editor.ministry@example.org', password: 'p' },
  },
  'session.current': { call: (c) => c.session.current(), method: 'GET', path: '/v1/session' },
  'session.signOut': { call: (c) => c.session.signOut(), method: 'DELETE', path: '/v1/session' },
  'users.list': {
    call: (c) => c.users.list({ orgId: ORG, limit: 5 }),
    method: 'GET',
    path: '/v1/users',
    query: { orgId: ORG, limit: '5' },
  },
  'users.get': { call: (c) => c.users.get(ID), method: 'GET', path: `/v1/users/${ID}` },
  'users.update': {
    call: (c) => c.users.update(ID, { role: 'sender' }),
    method: 'PATCH',
    path: `/v1/users/${ID}`,
    body: { role: 'sender' },
  },
  'users.updateMe': {
    call: (c) => c.users.updateMe({ language: 'kk' }),
    method: 'PATCH',
    path: '/v1/users/me',
    body: { language: 'kk' },
  },
  'invitations.create': {
    call: (c) =>
      c.invitations.create({ email: 'a@example.org', orgId: ORG, role: 'viewer', language: 'vi' }),
    method: 'POST',
    path: '/v1/invitations',
    body: { email: 'a@example.org', orgId: ORG, role: 'viewer', language: 'vi' },
  },
  'invitations.list': { call: (c) => c.invitations.list(), method: 'GET', path: '/v1/invitations' },
  'invitations.revoke': {
    call: (c) => c.invitations.revoke(ID),
    method: 'DELETE',
    path: `/v1/invitations/${ID}`,
  },
  'invitations.accept': {
    call: (c) => c.invitations.accept({ token: 't', name: 'Айгүл', password: 'long password' }),
    method: 'POST',
    path: '/v1/invitations/accept',
    body: { token: 't', name: 'Айгүл', password: 'long password' },
  },
  'passwordResets.request': {
    call: (c) => c.passwordResets.request({ email: 'a@example.org' }),
    method: 'POST',
    path: '/v1/password-resets',
    body: { email: 'a@example.org' },
  },
  'passwordResets.complete': {
    call: (c) => c.passwordResets.complete({ token: 't', password: 'long password' }),
    method: 'POST',
    path: '/v1/password-resets/complete',
    body: { token: 't', password: 'long password' },
  },
  'contacts.list': {
    call: (c) =>
      c.contacts.list({
        orgId: ORG,
        q: '+7 701',
        language: 'kk',
        consent: { whatsapp: 'granted', sms: 'none' },
        age: 7,
      }),
    method: 'GET',
    path: '/v1/contacts',
    query: {
      orgId: ORG,
      q: '+7 701',
      language: 'kk',
      consent: 'whatsapp:granted,sms:none',
      age: '7',
    },
  },
  'contacts.consentHistory': {
    call: (c) => c.contacts.consentHistory(ID, { channel: 'sms', limit: 10 }),
    method: 'GET',
    path: `/v1/contacts/${ID}/consent-history`,
    query: { channel: 'sms', limit: '10' },
  },
  'contacts.create': {
    call: (c) => c.contacts.create({ orgId: ORG, role: 'parent', language: 'ru' }),
    method: 'POST',
    path: '/v1/contacts',
    body: { orgId: ORG, role: 'parent', language: 'ru' },
  },
  'contacts.bulkUpsert': {
    call: (c) =>
      c.contacts.bulkUpsert({
        contacts: [{ orgId: ORG, externalRef: 'p-1', role: 'parent', language: 'kk' }],
      }),
    method: 'POST',
    path: '/v1/contacts/bulk',
    body: { contacts: [{ orgId: ORG, externalRef: 'p-1', role: 'parent', language: 'kk' }] },
  },
  'contacts.get': { call: (c) => c.contacts.get(ID), method: 'GET', path: `/v1/contacts/${ID}` },
  'contacts.update': {
    call: (c) => c.contacts.update(ID, { displayName: null, language: 'kk' }),
    method: 'PATCH',
    path: `/v1/contacts/${ID}`,
    body: { displayName: null, language: 'kk' },
  },
  'contacts.delete': {
    call: (c) => c.contacts.delete(ID),
    method: 'DELETE',
    path: `/v1/contacts/${ID}`,
  },
  'contacts.erase': {
    call: (c) => c.contacts.erase(ID),
    method: 'POST',
    path: `/v1/contacts/${ID}/erase`,
  },
  'contacts.telegramLink': {
    call: (c) => c.contacts.telegramLink(ID),
    method: 'POST',
    path: `/v1/contacts/${ID}/telegram-link`,
  },
  'contacts.erasures': {
    call: (c) => c.contacts.erasures({ limit: 10 }),
    method: 'GET',
    path: '/v1/erasures',
    query: { limit: '10' },
  },
  'segments.list': { call: (c) => c.segments.list(), method: 'GET', path: '/v1/segments' },
  'segments.create': {
    call: (c) => c.segments.create({ orgId: ORG, name: 'Parents', query }),
    method: 'POST',
    path: '/v1/segments',
    body: { orgId: ORG, name: 'Parents', query },
  },
  'segments.get': { call: (c) => c.segments.get(ID), method: 'GET', path: `/v1/segments/${ID}` },
  'segments.delete': {
    call: (c) => c.segments.delete(ID),
    method: 'DELETE',
    path: `/v1/segments/${ID}`,
  },
  'segments.count': {
    call: (c) => c.segments.count(ID),
    method: 'GET',
    path: `/v1/segments/${ID}/count`,
  },
  'segments.dryRun': {
    call: (c) => c.segments.dryRun({ orgId: ORG, query }),
    method: 'POST',
    path: '/v1/segments/count',
    body: { orgId: ORG, query },
  },
  'recommendations.list': {
    call: (c) => c.recommendations.list(),
    method: 'GET',
    path: '/v1/recommendations',
  },
  'recommendations.create': {
    call: (c) => c.recommendations.create(memo),
    method: 'POST',
    path: '/v1/recommendations',
    body: memo,
  },
  'recommendations.get': {
    call: (c) => c.recommendations.get(ID),
    method: 'GET',
    path: `/v1/recommendations/${ID}`,
  },
  'recommendations.list with filters': {
    call: (c) =>
      c.recommendations.list({ topic: 'cyberbullying', language: 'kk', status: 'published' }),
    method: 'GET',
    path: '/v1/recommendations',
    query: { topic: 'cyberbullying', language: 'kk', status: 'published' },
  },
  'recommendations.update': {
    call: (c) => c.recommendations.update(ID, { tags: ['memo-2017'] }),
    method: 'PATCH',
    path: `/v1/recommendations/${ID}`,
    body: { tags: ['memo-2017'] },
  },
  'recommendations.removeAttachment': {
    call: (c) => c.recommendations.removeAttachment(ID, 2, ORG),
    method: 'DELETE',
    path: `/v1/recommendations/${ID}/versions/2/attachments/${ORG}`,
  },
  'recommendations.versions': {
    call: (c) => c.recommendations.versions(ID),
    method: 'GET',
    path: `/v1/recommendations/${ID}/versions`,
  },
  'recommendations.version': {
    call: (c) => c.recommendations.version(ID, 2),
    method: 'GET',
    path: `/v1/recommendations/${ID}/versions/2`,
  },
  'recommendations.submit': {
    call: (c) => c.recommendations.submit(ID, 2),
    method: 'POST',
    path: `/v1/recommendations/${ID}/versions/2/submit`,
  },
  'recommendations.approve': {
    call: (c) => c.recommendations.approve(ID, 2),
    method: 'POST',
    path: `/v1/recommendations/${ID}/versions/2/approve`,
  },
  'recommendations.reject': {
    call: (c) => c.recommendations.reject(ID, 2, { comment: 'Укажите телефон доверия 111' }),
    method: 'POST',
    path: `/v1/recommendations/${ID}/versions/2/reject`,
    body: { comment: 'Укажите телефон доверия 111' },
  },
  'recommendations.archive': {
    call: (c) => c.recommendations.archive(ID, 1),
    method: 'POST',
    path: `/v1/recommendations/${ID}/versions/1/archive`,
  },
  'recommendations.coverage': {
    call: (c) => c.recommendations.coverage(ID, { segmentId: ORG }),
    method: 'GET',
    path: `/v1/recommendations/${ID}/coverage`,
    query: { segmentId: ORG },
  },
  'approvals.list': {
    call: (c) => c.approvals.list({ subject: 'broadcast' }),
    method: 'GET',
    path: '/v1/approval-events',
    query: { subject: 'broadcast' },
  },
  'hotlines.list': {
    call: (c) => c.hotlines.list({ purpose: 'child_protection', orgId: ORG, language: 'vi' }),
    method: 'GET',
    path: '/v1/hotlines',
    query: { purpose: 'child_protection', orgId: ORG, language: 'vi' },
  },
  'hotlines.create': {
    call: (c) => c.hotlines.create(hotline),
    method: 'POST',
    path: '/v1/hotlines',
    body: hotline,
  },
  'hotlines.get': { call: (c) => c.hotlines.get(ID), method: 'GET', path: `/v1/hotlines/${ID}` },
  'hotlines.update': {
    call: (c) => c.hotlines.update(ID, { hours: null }),
    method: 'PATCH',
    path: `/v1/hotlines/${ID}`,
    body: { hours: null },
  },
  'hotlines.delete': {
    call: (c) => c.hotlines.delete(ID),
    method: 'DELETE',
    path: `/v1/hotlines/${ID}`,
  },
  'telegram.chats.link': {
    call: (c) => c.telegram.chats.link({ orgId: ORG, language: 'kk' }),
    method: 'POST',
    path: '/v1/telegram/chat-links',
    body: { orgId: ORG, language: 'kk' },
  },
  'telegram.chats.list': {
    call: (c) => c.telegram.chats.list({ orgId: ORG, status: 'active' }),
    method: 'GET',
    path: '/v1/telegram/chats',
    query: { orgId: ORG, status: 'active' },
  },
  'telegram.chats.get': {
    call: (c) => c.telegram.chats.get(ID),
    method: 'GET',
    path: `/v1/telegram/chats/${ID}`,
  },
  'telegram.chats.update': {
    call: (c) => c.telegram.chats.update(ID, { language: 'ru' }),
    method: 'PATCH',
    path: `/v1/telegram/chats/${ID}`,
    body: { language: 'ru' },
  },
  'telegram.chats.disconnect': {
    call: (c) => c.telegram.chats.disconnect(ID),
    method: 'DELETE',
    path: `/v1/telegram/chats/${ID}`,
  },
  'telegram.posts.create': {
    call: (c) =>
      c.telegram.posts.create({ orgId: ORG, chatIds: [ID], content: { body: { kk: 'Жадынама' } } }),
    method: 'POST',
    path: '/v1/telegram/posts',
    body: { orgId: ORG, chatIds: [ID], content: { body: { kk: 'Жадынама' } } },
  },
  'telegram.posts.list': {
    call: (c) => c.telegram.posts.list({ orgId: ORG, limit: 5 }),
    method: 'GET',
    path: '/v1/telegram/posts',
    query: { orgId: ORG, limit: '5' },
  },
  'telegram.posts.get': {
    call: (c) => c.telegram.posts.get(ID),
    method: 'GET',
    path: `/v1/telegram/posts/${ID}`,
  },
  'telegram.posts.cancel': {
    call: (c) => c.telegram.posts.cancel(ID),
    method: 'POST',
    path: `/v1/telegram/posts/${ID}/cancel`,
  },
  'campaigns.list': { call: (c) => c.campaigns.list(), method: 'GET', path: '/v1/campaigns' },
  'campaigns.create': {
    call: (c) =>
      c.campaigns.create({
        orgId: ORG,
        title: 'Safe Internet',
        startsOn: '2017-04-10',
        endsOn: '2017-04-21',
        timeZone: 'Asia/Almaty',
      }),
    method: 'POST',
    path: '/v1/campaigns',
    body: {
      orgId: ORG,
      title: 'Safe Internet',
      startsOn: '2017-04-10',
      endsOn: '2017-04-21',
      timeZone: 'Asia/Almaty',
    },
  },
  'alerts.list': {
    call: (c) => c.alerts.list({ state: 'open', code: 'plan_item_overdue', limit: 5 }),
    method: 'GET',
    path: '/v1/alerts',
    query: { state: 'open', code: 'plan_item_overdue', limit: '5' },
  },
  'organisations.getEscalationPolicies': {
    call: (c) => c.organisations.getEscalationPolicies(ID),
    method: 'GET',
    path: `/v1/organisations/${ID}/escalation-policies`,
  },
  'organisations.getCaseRouting': {
    call: (c) => c.organisations.getCaseRouting(ID),
    method: 'GET',
    path: `/v1/organisations/${ID}/case-routing`,
  },
  'organisations.putCaseRouting': {
    call: (c) =>
      c.organisations.putCaseRouting(ID, {
        rules: [{ scopeOrgId: ORG, categories: ['staff_misconduct'], targetOrgId: ID }],
      }),
    method: 'PUT',
    path: `/v1/organisations/${ID}/case-routing`,
    body: { rules: [{ scopeOrgId: ORG, categories: ['staff_misconduct'], targetOrgId: ID }] },
  },
  'organisations.getCaseResponseTimes': {
    call: (c) => c.organisations.getCaseResponseTimes(ID),
    method: 'GET',
    path: `/v1/organisations/${ID}/case-response-times`,
  },
  'organisations.putCaseResponseTimes': {
    call: (c) => c.organisations.putCaseResponseTimes(ID, responseTimes),
    method: 'PUT',
    path: `/v1/organisations/${ID}/case-response-times`,
    body: { times: responseTimes },
  },
  'organisations.getPrices': {
    call: (c) => c.organisations.getPrices(ID),
    method: 'GET',
    path: `/v1/organisations/${ID}/prices`,
  },
  'organisations.putPrices': {
    call: (c) => c.organisations.putPrices(ID, { currency: 'USD', sms: { KZ: '0.0725' } }),
    method: 'PUT',
    path: `/v1/organisations/${ID}/prices`,
    body: { table: { currency: 'USD', sms: { KZ: '0.0725' } } },
  },
  'organisations.putPrices null': {
    call: (c) => c.organisations.putPrices(ID, null),
    method: 'PUT',
    path: `/v1/organisations/${ID}/prices`,
    body: { table: null },
  },
  'organisations.putCaseResponseTimes null': {
    call: (c) => c.organisations.putCaseResponseTimes(ID, null),
    method: 'PUT',
    path: `/v1/organisations/${ID}/case-response-times`,
    body: { times: null },
  },
  'organisations.getSendApproval': {
    call: (c) => c.organisations.getSendApproval(ID),
    method: 'GET',
    path: `/v1/organisations/${ID}/send-approval`,
  },
  'organisations.putSendApproval': {
    call: (c) => c.organisations.putSendApproval(ID, 1000),
    method: 'PUT',
    path: `/v1/organisations/${ID}/send-approval`,
    body: { threshold: 1000 },
  },
  'organisations.putSendApproval null': {
    call: (c) => c.organisations.putSendApproval(ID, null),
    method: 'PUT',
    path: `/v1/organisations/${ID}/send-approval`,
    body: { threshold: null },
  },
  'broadcasts.update': {
    call: (c) => c.broadcasts.update(ID, { channels: ['sms'] }),
    method: 'PATCH',
    path: `/v1/broadcasts/${ID}`,
    body: { channels: ['sms'] },
  },
  'broadcasts.approve': {
    call: (c) => c.broadcasts.approve(ID),
    method: 'POST',
    path: `/v1/broadcasts/${ID}/approve`,
    body: {},
  },
  'broadcasts.reject': {
    call: (c) => c.broadcasts.reject(ID, { comment: 'Name the Đắk Lắk hotline 02623.951.567' }),
    method: 'POST',
    path: `/v1/broadcasts/${ID}/reject`,
    body: { comment: 'Name the Đắk Lắk hotline 02623.951.567' },
  },
  'segments.update': {
    call: (c) => c.segments.update(ID, { query }),
    method: 'PATCH',
    path: `/v1/segments/${ID}`,
    body: { query },
  },
  'cases.report': {
    call: (c) => c.cases.report(harmfulReport),
    method: 'POST',
    path: '/v1/case-reports',
    body: harmfulReport,
  },
  'cases.reportStatus': {
    call: (c) => c.cases.reportStatus('R-2026-000042'),
    method: 'GET',
    path: '/v1/case-reports/R-2026-000042',
  },
  'cases.list': {
    call: (c) => c.cases.list({ state: 'open', severity: 'critical', assignee: 'me', limit: 20 }),
    method: 'GET',
    path: '/v1/cases',
    query: { state: 'open', severity: 'critical', assignee: 'me', limit: '20' },
  },
  'cases.get': { call: (c) => c.cases.get(ID), method: 'GET', path: `/v1/cases/${ID}` },
  'cases.triage': {
    call: (c) => c.cases.triage(ID, { severity: 'critical' }),
    method: 'POST',
    path: `/v1/cases/${ID}/transitions`,
    body: { action: 'triage', severity: 'critical' },
  },
  'cases.triage without input': {
    call: (c) => c.cases.triage(ID),
    method: 'POST',
    path: `/v1/cases/${ID}/transitions`,
    body: { action: 'triage' },
  },
  'cases.refer': {
    call: (c) => c.cases.refer(ID),
    method: 'POST',
    path: `/v1/cases/${ID}/transitions`,
    body: { action: 'refer' },
  },
  'cases.act': {
    call: (c) => c.cases.act(ID, { reason: 'The school psychologist meets the pupil today' }),
    method: 'POST',
    path: `/v1/cases/${ID}/transitions`,
    body: { action: 'act', reason: 'The school psychologist meets the pupil today' },
  },
  'cases.resolve': {
    call: (c) => c.cases.resolve(ID),
    method: 'POST',
    path: `/v1/cases/${ID}/transitions`,
    body: { action: 'resolve' },
  },
  'cases.reject': {
    call: (c) => c.cases.reject(ID, 'Removed by the platform before triage'),
    method: 'POST',
    path: `/v1/cases/${ID}/transitions`,
    body: { action: 'reject', reason: 'Removed by the platform before triage' },
  },
  'cases.reopen': {
    call: (c) => c.cases.reopen(ID),
    method: 'POST',
    path: `/v1/cases/${ID}/transitions`,
    body: { action: 'reopen' },
  },
  'cases.assign': {
    call: (c) => c.cases.assign(ID, ORG),
    method: 'PUT',
    path: `/v1/cases/${ID}/assignee`,
    body: { assigneeId: ORG },
  },
  'cases.assign nobody': {
    call: (c) => c.cases.assign(ID, null),
    method: 'PUT',
    path: `/v1/cases/${ID}/assignee`,
    body: { assigneeId: null },
  },
  'cases.addReferral': {
    call: (c) =>
      c.cases.addReferral(ID, {
        target: 'hotline',
        recipient: 'Hotline 111',
        summary: 'Two links',
      }),
    method: 'POST',
    path: `/v1/cases/${ID}/referrals`,
    body: { target: 'hotline', recipient: 'Hotline 111', summary: 'Two links' },
  },
  'cases.answerReferral': {
    call: (c) => c.cases.answerReferral(ID, ORG, { answer: 'The video was taken down' }),
    method: 'PUT',
    path: `/v1/cases/${ID}/referrals/${ORG}/answer`,
    body: { answer: 'The video was taken down' },
  },
  'cases.audit': { call: (c) => c.cases.audit(ID), method: 'GET', path: `/v1/cases/${ID}/audit` },
  'alerts.get': { call: (c) => c.alerts.get(ID), method: 'GET', path: `/v1/alerts/${ID}` },
  'alerts.acknowledge': {
    call: (c) => c.alerts.acknowledge(ID),
    method: 'POST',
    path: `/v1/alerts/${ID}/acknowledge`,
  },
  'alerts.resolve': {
    call: (c) => c.alerts.resolve(ID),
    method: 'POST',
    path: `/v1/alerts/${ID}/resolve`,
  },
  'campaigns.get': { call: (c) => c.campaigns.get(ID), method: 'GET', path: `/v1/campaigns/${ID}` },
  'campaigns.list filtered': {
    call: (c) => c.campaigns.list({ status: 'active', orgId: ORG, q: 'Safe', limit: 5 }),
    method: 'GET',
    path: '/v1/campaigns',
    query: { status: 'active', orgId: ORG, q: 'Safe', limit: '5' },
  },
  'campaigns.update': {
    call: (c) => c.campaigns.update(ID, { endsOn: '2017-04-28', goal: null }),
    method: 'PATCH',
    path: `/v1/campaigns/${ID}`,
    body: { endsOn: '2017-04-28', goal: null },
  },
  'campaigns.load': {
    call: (c) => c.campaigns.load('version: 1\n'),
    method: 'POST',
    path: '/v1/campaigns/programme',
    body: { format: 'yaml', text: 'version: 1\n' },
  },
  'campaigns.load dry run': {
    call: (c) => c.campaigns.load('{"version": 1}', { format: 'json', dryRun: true }),
    method: 'POST',
    path: '/v1/campaigns/programme',
    query: { dryRun: 'true' },
    body: { format: 'json', text: '{"version": 1}' },
  },
  'campaigns.schedule': {
    call: (c) => c.campaigns.schedule(ID),
    method: 'POST',
    path: `/v1/campaigns/${ID}/schedule`,
  },
  'campaigns.cancel': {
    call: (c) => c.campaigns.cancel(ID),
    method: 'POST',
    path: `/v1/campaigns/${ID}/cancel`,
  },
  'campaigns.archive': {
    call: (c) => c.campaigns.archive(ID),
    method: 'POST',
    path: `/v1/campaigns/${ID}/archive`,
  },
  'campaigns.plan': {
    call: (c) => c.campaigns.plan(ID),
    method: 'GET',
    path: `/v1/campaigns/${ID}/plan`,
  },
  'campaigns.setPlan': {
    call: (c) => c.campaigns.setPlan(ID, { sections: [] }),
    method: 'PUT',
    path: `/v1/campaigns/${ID}/plan`,
    body: { sections: [] },
  },
  'campaigns.setAssignmentStatus': {
    call: (c) => c.campaigns.setAssignmentStatus(ID, '12a', ORG, { status: 'done', note: 'ok' }),
    method: 'PATCH',
    path: `/v1/campaigns/${ID}/plan/items/12a/assignments/${ORG}`,
    body: { status: 'done', note: 'ok' },
  },
  'campaigns.grid': {
    call: (c) => c.campaigns.grid(ID, { orgId: ORG, status: 'overdue', limit: 20 }),
    method: 'GET',
    path: `/v1/campaigns/${ID}/grid`,
    query: { orgId: ORG, status: 'overdue', limit: '20' },
  },
  'campaigns.targets': {
    call: (c) => c.campaigns.targets(ID, { orgId: ORG, periodKey: '2022-2023' }),
    method: 'GET',
    path: `/v1/campaigns/${ID}/targets`,
    query: { orgId: ORG, periodKey: '2022-2023' },
  },
  'campaigns.tasks': {
    call: (c) =>
      c.campaigns.tasks({ orgId: ORG, status: 'overdue', campaignId: ID, dueBefore: '2017-05-01' }),
    method: 'GET',
    path: '/v1/plan-assignments',
    query: { orgId: ORG, status: 'overdue', campaignId: ID, dueBefore: '2017-05-01' },
  },
  'campaigns.reminders': {
    call: (c) => c.campaigns.reminders(ID),
    method: 'GET',
    path: `/v1/campaigns/${ID}/reminders`,
  },
  'campaigns.setReminders': {
    call: (c) =>
      c.campaigns.setReminders(ID, {
        reminders: [{ key: 'r', items: 'all', daysBefore: [3], time: '10:00', channels: ['sms'] }],
      }),
    method: 'PUT',
    path: `/v1/campaigns/${ID}/reminders`,
    body: {
      reminders: [{ key: 'r', items: 'all', daysBefore: [3], time: '10:00', channels: ['sms'] }],
    },
  },
  'campaigns.announcements': {
    call: (c) => c.campaigns.announcements(ID),
    method: 'GET',
    path: `/v1/campaigns/${ID}/announcements`,
  },
  'campaigns.putAnnouncements': {
    call: (c) =>
      c.campaigns.putAnnouncements(ID, [
        {
          key: 'opening',
          content: { text: { en: 'The campaign has begun' } },
          segmentId: ID,
          channels: ['sms'],
          schedule: { when: { kind: 'at', date: '2017-04-10', time: '09:00' }, zone: 'campaign' },
        },
      ]),
    method: 'PUT',
    path: `/v1/campaigns/${ID}/announcements`,
    body: {
      announcements: [
        {
          key: 'opening',
          content: { text: { en: 'The campaign has begun' } },
          segmentId: ID,
          channels: ['sms'],
          schedule: { when: { kind: 'at', date: '2017-04-10', time: '09:00' }, zone: 'campaign' },
        },
      ],
    },
  },
  'campaigns.calendar': {
    call: (c) => c.campaigns.calendar(ID, { from: '2017-04-01T00:00:00Z' }),
    method: 'GET',
    path: `/v1/campaigns/${ID}/calendar`,
    query: { from: '2017-04-01T00:00:00Z' },
  },
  'broadcasts.list': { call: (c) => c.broadcasts.list(), method: 'GET', path: '/v1/broadcasts' },
  'broadcasts.create': {
    call: (c) =>
      c.broadcasts.create({
        orgId: ORG,
        segmentId: ID,
        channels: ['whatsapp', 'sms', 'email'],
        content: { recommendationId: ID },
        variables: { hotline: '111' },
      }),
    method: 'POST',
    path: '/v1/broadcasts',
    body: {
      orgId: ORG,
      segmentId: ID,
      channels: ['whatsapp', 'sms', 'email'],
      content: { recommendationId: ID },
      variables: { hotline: '111' },
    },
  },
  'broadcasts.get': {
    call: (c) => c.broadcasts.get(ID),
    method: 'GET',
    path: `/v1/broadcasts/${ID}`,
  },
  'broadcasts.progress': {
    call: (c) => c.broadcasts.progress(ID),
    method: 'GET',
    path: `/v1/broadcasts/${ID}/progress`,
  },
  'broadcasts.cost': {
    call: (c) => c.broadcasts.cost(ID),
    method: 'GET',
    path: `/v1/broadcasts/${ID}/cost`,
  },
  'broadcasts.cancel': {
    call: (c) => c.broadcasts.cancel(ID),
    method: 'POST',
    path: `/v1/broadcasts/${ID}/cancel`,
    body: {},
  },
  'broadcasts.deliveries': {
    call: (c) => c.broadcasts.deliveries(ID, { status: 'failed', cursor: 'abc' }),
    method: 'GET',
    path: `/v1/broadcasts/${ID}/deliveries`,
    query: { status: 'failed', cursor: 'abc' },
  },
  'deliveries.get': {
    call: (c) => c.deliveries.get(ID),
    method: 'GET',
    path: `/v1/deliveries/${ID}`,
  },
  'webhookEndpoints.list': {
    call: (c) => c.webhookEndpoints.list({ limit: 5 }),
    method: 'GET',
    path: '/v1/webhook-endpoints',
    query: { limit: '5' },
  },
  'webhookEndpoints.create': {
    call: (c) =>
      c.webhookEndpoints.create({ orgId: ORG, url: 'https://a.kz/hook', eventTypes: ['alert'] }),
    method: 'POST',
    path: '/v1/webhook-endpoints',
    body: { orgId: ORG, url: 'https://a.kz/hook', eventTypes: ['alert'] },
  },
  'webhookEndpoints.get': {
    call: (c) => c.webhookEndpoints.get(ID),
    method: 'GET',
    path: `/v1/webhook-endpoints/${ID}`,
  },
  'webhookEndpoints.update': {
    call: (c) => c.webhookEndpoints.update(ID, { enabled: false, eventTypes: null }),
    method: 'PATCH',
    path: `/v1/webhook-endpoints/${ID}`,
    body: { enabled: false, eventTypes: null },
  },
  'webhookEndpoints.delete': {
    call: (c) => c.webhookEndpoints.delete(ID),
    method: 'DELETE',
    path: `/v1/webhook-endpoints/${ID}`,
  },
  'webhookEndpoints.rotateSecret': {
    call: (c) => c.webhookEndpoints.rotateSecret(ID),
    method: 'POST',
    path: `/v1/webhook-endpoints/${ID}/rotate-secret`,
    body: {},
  },
  'webhookEndpoints.sendTest': {
    call: (c) => c.webhookEndpoints.sendTest(ID),
    method: 'POST',
    path: `/v1/webhook-endpoints/${ID}/test`,
    body: {},
  },
  'webhookEndpoints.messages': {
    call: (c) => c.webhookEndpoints.messages(ID, { status: 'dead', cursor: 'abc' }),
    method: 'GET',
    path: `/v1/webhook-endpoints/${ID}/messages`,
    query: { status: 'dead', cursor: 'abc' },
  },
  'webhookEndpoints.message': {
    call: (c) => c.webhookEndpoints.message(ID, ORG),
    method: 'GET',
    path: `/v1/webhook-endpoints/${ID}/messages/${ORG}`,
  },
  'webhookEndpoints.attempts': {
    call: (c) => c.webhookEndpoints.attempts(ID, ORG, { limit: 2 }),
    method: 'GET',
    path: `/v1/webhook-endpoints/${ID}/messages/${ORG}/attempts`,
    query: { limit: '2' },
  },
  'webhookEndpoints.replay': {
    call: (c) => c.webhookEndpoints.replay(ID, ORG),
    method: 'POST',
    path: `/v1/webhook-endpoints/${ID}/messages/${ORG}/replay`,
    body: {},
  },
  'outbox.list': {
    call: (c) => c.outbox.list({ channel: 'sms' }),
    method: 'GET',
    path: '/v1/outbox',
    query: { channel: 'sms' },
  },
  'reports.createForm': {
    call: (c) => c.reports.createForm(reportForm),
    method: 'POST',
    path: '/v1/report-forms',
    body: reportForm,
  },
  'reports.listForms': {
    call: (c) => c.reports.listForms({ campaignId: ID, limit: 5 }),
    method: 'GET',
    path: '/v1/report-forms',
    query: { campaignId: ID, limit: '5' },
  },
  'reports.getForm': {
    call: (c) => c.reports.getForm(ID),
    method: 'GET',
    path: `/v1/report-forms/${ID}`,
  },
  'reports.updateForm': {
    call: (c) => c.reports.updateForm(ID, { title: { ru: 'Итоги' } }),
    method: 'PATCH',
    path: `/v1/report-forms/${ID}`,
    body: { title: { ru: 'Итоги' } },
  },
  'reports.setAssignment': {
    call: (c) => c.reports.setAssignment(ID, { assignees: [{ allOf: 'province', under: ORG }] }),
    method: 'PUT',
    path: `/v1/report-forms/${ID}/assignment`,
    body: { assignees: [{ allOf: 'province', under: ORG }] },
  },
  'reports.assignment': {
    call: (c) => c.reports.assignment(ID),
    method: 'GET',
    path: `/v1/report-forms/${ID}/assignment`,
  },
  'reports.periods': {
    call: (c) => c.reports.periods(ID, { until: '2023-06-30' }),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods`,
    query: { until: '2023-06-30' },
  },
  'reports.submit': {
    call: (c) => c.reports.submit(ID, 'once', ORG, { values: { assemblies: 212 } }),
    method: 'PUT',
    path: `/v1/report-forms/${ID}/periods/once/submissions/${ORG}`,
    body: { values: { assemblies: 212 } },
  },
  'reports.submission': {
    call: (c) => c.reports.submission(ID, '2022-2023', ORG),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods/2022-2023/submissions/${ORG}`,
  },
  'reports.versions': {
    call: (c) => c.reports.versions(ID, 'once', ORG),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods/once/submissions/${ORG}/versions`,
  },
  'reports.setException': {
    call: (c) => c.reports.setException(ID, 'once', ORG, '2017-05-05T18:00:00Z'),
    method: 'PUT',
    path: `/v1/report-forms/${ID}/periods/once/exceptions/${ORG}`,
    body: { until: '2017-05-05T18:00:00Z' },
  },
  'reports.removeException': {
    call: (c) => c.reports.removeException(ID, 'once', ORG),
    method: 'DELETE',
    path: `/v1/report-forms/${ID}/periods/once/exceptions/${ORG}`,
  },
  'reports.approve': {
    call: (c) => c.reports.approve(ID, 'once', ORG),
    method: 'POST',
    path: `/v1/report-forms/${ID}/periods/once/approvals/${ORG}`,
  },
  'reports.unapprove': {
    call: (c) => c.reports.unapprove(ID, 'once', ORG),
    method: 'DELETE',
    path: `/v1/report-forms/${ID}/periods/once/approvals/${ORG}`,
  },
  'reports.approvals': {
    call: (c) => c.reports.approvals(ID, '2023-Q2'),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods/2023-Q2/approvals`,
  },
  'reports.returnSubmission': {
    call: (c) => c.reports.returnSubmission(ID, 'once', ORG, 'Проверьте охват детей'),
    method: 'POST',
    path: `/v1/report-forms/${ID}/periods/once/submissions/${ORG}/return`,
    body: { comment: 'Проверьте охват детей' },
  },
  'reports.audit': {
    call: (c) => c.reports.audit(ID, { periodKey: 'once', orgId: ORG, limit: 20 }),
    method: 'GET',
    path: `/v1/report-forms/${ID}/audit`,
    query: { periodKey: 'once', orgId: ORG, limit: '20' },
  },
  'reports.rollup': {
    call: (c) => c.reports.rollup(ID, 'once', { level: 'province' }),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods/once/rollup`,
    query: { level: 'province' },
  },
  'reports.missing': {
    call: (c) => c.reports.missing(ID, 'once', { orgId: ORG }),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods/once/missing`,
    query: { orgId: ORG },
  },
  'reports.exportCsv': {
    call: (c) => c.reports.exportCsv(ID, 'once', { level: 'province', language: 'kk' }),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods/once/export`,
    query: { format: 'csv', level: 'province', language: 'kk' },
  },
  'reports.createLink': {
    call: (c) => c.reports.createLink(ID, 'once', { orgId: ORG, language: 'vi' }),
    method: 'POST',
    path: `/v1/report-forms/${ID}/periods/once/links`,
    body: { orgId: ORG, language: 'vi' },
  },
  'reports.links': {
    call: (c) => c.reports.links(ID, 'once', { orgId: ORG }),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods/once/links`,
    query: { orgId: ORG },
  },
  'reports.sendLink': {
    call: (c) => c.reports.sendLink(ID, 'once', { orgId: ORG }),
    method: 'POST',
    path: `/v1/report-forms/${ID}/periods/once/links/send`,
    body: { orgId: ORG },
  },
  'reports.revokeLink': {
    call: (c) => c.reports.revokeLink(ID),
    method: 'POST',
    path: `/v1/report-links/${ID}/revoke`,
  },
  'reports.exportXlsx': {
    call: (c) => c.reports.exportXlsx(ID, 'once', { level: 'province', format: 'csv' } as never),
    method: 'GET',
    path: `/v1/report-forms/${ID}/periods/once/export`,
    // The format is the method's: a stray format in the parameters does not turn it into CSV.
    query: { format: 'xlsx', level: 'province' },
  },
};

describe('reports.exportCsv', () => {
  it('answers the CSV text as sent, not parsed', async () => {
    const csv = '\uFEFFОрганизация,Код\r\nАстана,\r\n';
    await using hub = await startHttpStub(() => ({
      status: 200,
      body: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    expect(await client.reports.exportCsv(ID, 'once')).toBe(csv);
  });
});

describe('reports.exportXlsx', () => {
  it('answers the workbook’s bytes exactly, not decoded as text', async () => {
    // A ZIP's signature, then bytes that are not valid UTF-8: text decoding would mangle them.
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0xc3, 0x28]);
    await using hub = await startHttpStub(() => ({
      status: 200,
      body: bytes,
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    const answer = await client.reports.exportXlsx(ID, 'once');
    expect(answer).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(answer).equals(bytes)).toBe(true);
  });
});

describe('recommendations.uploadAttachment', () => {
  it('sends the file’s bytes as they are, its name in the query', async () => {
    // A PDF's signature, then bytes that are not valid UTF-8: JSON or text would mangle them.
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0xff, 0xfe, 0x00, 0xc3, 0x28]);
    await using hub = await startHttpStub(() => ({ status: 201, body: { attachments: [] } }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    for (const data of [bytes, new Blob([bytes])]) {
      await client.recommendations.uploadAttachment(ID, 2, { data, filename: 'Памятка.pdf' });
    }
    for (const seen of hub.requests) {
      expect(seen).toMatchObject({
        method: 'POST',
        path: `/v1/recommendations/${ID}/versions/2/attachments`,
        query: { name: 'Памятка.pdf' },
      });
      expect(seen.headers['content-type']).toBe('application/octet-stream');
      expect(seen.headers['idempotency-key']).toBeTypeOf('string');
      expect(Buffer.compare(seen.body as Buffer, bytes)).toBe(0);
    }
  });
});

describe('recommendations.downloadAttachment', () => {
  it('answers the file’s bytes exactly', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
    await using hub = await startHttpStub(() => ({
      status: 200,
      body: bytes,
      headers: { 'content-type': 'image/png' },
    }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    const answer = await client.recommendations.downloadAttachment(ID);
    expect(hub.requests[0]).toMatchObject({ method: 'GET', path: `/v1/attachments/${ID}` });
    expect(Buffer.from(answer).equals(bytes)).toBe(true);
  });
});

describe('every endpoint', () => {
  it.each(Object.entries(cases))('%s', async (_, { call, method, path, query = {}, body }) => {
    await using hub = await startHttpStub(() => ({ status: 200, body: { ok: true } }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    await call(client);
    expect(hub.requests).toHaveLength(1);
    expect(hub.requests[0]).toMatchObject({ method, path, query, body });
    expect(hub.requests[0]?.query).toEqual(query);
    const key = hub.requests[0]?.headers['idempotency-key'];
    // Every write carries one, so its retries replay; reads never do.
    if (method === 'GET') expect(key).toBeUndefined();
    else expect(key).toBeTypeOf('string');
  });
});
