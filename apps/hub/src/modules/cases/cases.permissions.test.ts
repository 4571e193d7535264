/**
 * The permission matrix (issue 14): every role, at every place in the tree relative to a case
 * (its own organisation, above it, beneath it, beside it, another tenant), against every action
 * on a triaged case assigned to someone else — each answer as expected, written out by hand
 * here (not computed from the rules it checks), and 0 leaks: where a case is out of reach,
 * the answer is exactly the answer for a case that does not exist, and no list shows it.
 */
import { randomUUID } from 'node:crypto';
import type { CaseSummary, InvitationCreated, Page, UserRole } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { bearer } from '../../testing/http-helpers.js';
import { sessionFrom } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { generateSecret, insertApiKey, insertOrganisation } from '../organisations/index.js';

type Place = 'handling' | 'above' | 'beneath' | 'beside' | 'tenant';
type Outcome = 'ok' | 'rules' | 'scope' | 'hidden' | 'machine';
const ACTIONS = [
  'view',
  'act',
  'refer',
  'resolve',
  'reject',
  'reopen',
  'assign',
  'referral',
  'audit',
] as const;
type Action = (typeof ACTIONS)[number];
const ROLES: UserRole[] = ['admin', 'editor', 'sender', 'viewer', 'specialist'];
const PLACES: Place[] = ['handling', 'above', 'beneath', 'beside', 'tenant'];

/** What each caller gets, by hand. */
function expected(role: UserRole, place: Place, action: Action): Outcome {
  const routeScope: Record<Action, 'read' | 'cases' | 'admin'> = {
    view: 'read',
    act: 'cases',
    refer: 'cases',
    resolve: 'cases',
    reject: 'cases',
    reopen: 'cases',
    assign: 'cases',
    referral: 'cases',
    audit: 'admin',
  };
  const needs = routeScope[action];
  const has = needs === 'read' || (needs === 'cases' ? role === 'specialist' : role === 'admin');
  if (!has) return 'scope';
  if (place === 'beneath' || place === 'beside' || place === 'tenant') return 'hidden';
  if (action === 'reopen') return 'machine'; // a triaged case is not reopened
  if (role === 'specialist') {
    if (action === 'view') return 'ok';
    // Not the assignee: only the level above may act on someone else's case.
    return place === 'above' ? 'ok' : 'rules';
  }
  if (action === 'audit') return 'ok';
  return 'rules'; // view: only specialists open a case's reports
}

describe.each(await testBackends())('the cases permission matrix on $name', ({ database, run }) => {
  let th: TestHub;
  const callers = new Map<string, Record<string, string>>();
  let assignee: Record<string, string>;
  let places: Record<Place, string>;
  let links = 0;

  const inject = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
    th.hub.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload ? { payload } : {}),
    });

  async function person(orgId: string, role: UserRole, email: string, admin = th.auth) {
    const invited = await inject('POST', '/v1/invitations', admin, {
      email,
      orgId,
      role,
      language: 'en',
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const session = sessionFrom(
      await inject(
        'POST',
        '/v1/invitations/accept',
        {},
        {
          token: new URL(invited.json<InvitationCreated>().link).searchParams.get('token'),
          name: `${role} ${email}`,
          password: 'a long enough passphrase',
        },
      ),
    );
    return session.headers;
  }

  /** A new case at the handling organisation, triaged by (and so assigned to) the assignee. */
  async function triagedCase(): Promise<string> {
    links += 1;
    const report = await inject('POST', '/v1/case-reports', th.auth, {
      links: [`https://www.youtube.com/watch?v=matrix${links}`],
      category: 'bullying',
      platform: 'youtube',
      description: 'A video of a pupil being bullied',
      concernedOrgId: places.handling,
    });
    expect(report.statusCode, report.body).toBe(201);
    const list = await inject('GET', '/v1/cases?state=new', assignee);
    const kase = list.json<Page<CaseSummary>>().items[0] as CaseSummary;
    const triaged = await inject('POST', `/v1/cases/${kase.id}/transitions`, assignee, {
      action: 'triage',
    });
    expect(triaged.statusCode, triaged.body).toBe(200);
    return kase.id;
  }

  const attempt = (action: Action, id: string, headers: Record<string, string>) => {
    const url = `/v1/cases/${id}`;
    switch (action) {
      case 'view':
        return inject('GET', url, headers);
      case 'audit':
        return inject('GET', `${url}/audit`, headers);
      case 'assign':
        return inject('PUT', `${url}/assignee`, headers, { assigneeId: null });
      case 'referral':
        return inject('POST', `${url}/referrals`, headers, {
          target: 'hotline',
          recipient: 'Hotline 111',
          summary: 'The link',
        });
      case 'reject':
        return inject('POST', `${url}/transitions`, headers, { action, reason: 'Duplicate' });
      default:
        return inject('POST', `${url}/transitions`, headers, { action });
    }
  };

  const outcome = (res: { statusCode: number; json<T>(): T }): Outcome => {
    if (res.statusCode < 300) return 'ok';
    const code = res.json<{ code: string }>().code;
    const byCode: Record<string, Outcome> = {
      case_action_forbidden: 'rules',
      insufficient_scope: 'scope',
      not_found: 'hidden',
      case_transition_forbidden: 'machine',
    };
    return byCode[code] ?? (`${res.statusCode} ${code}` as Outcome);
  };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
    const { seed } = th;
    const tenant = await insertOrganisation(share(th.hub.db), null, {
      kind: 'ministry',
      name: 'Another country’s ministry',
      timeZone: 'Asia/Ho_Chi_Minh',
      defaultLanguage: 'vi',
    });
    const tenantAdmin = generateSecret();
    await insertApiKey(share(th.hub.db), {
      orgId: tenant.id,
      name: 'other tenant admin',
      scopes: ['read', 'write', 'send', 'admin'],
      secret: tenantAdmin,
    });
    places = {
      handling: seed.provinceIds[1],
      above: seed.ministryId,
      beneath: seed.schoolIds[1],
      beside: seed.provinceIds[0],
      tenant: tenant.id,
    };
    const routed = await inject(
      'PUT',
      `/v1/organisations/${seed.ministryId}/case-routing`,
      th.auth,
      {
        rules: [{ scopeOrgId: places.handling, targetOrgId: places.handling }],
      },
    );
    expect(routed.statusCode, routed.body).toBe(200);
    assignee = await person(places.handling, 'specialist', 'assignee@example.org');
    for (const place of PLACES) {
      for (const role of ROLES) {
        const admin = place === 'tenant' ? bearer(tenantAdmin) : th.auth;
        callers.set(
          `${role}@${place}`,
          await person(places[place], role, `${role}.${place}@example.org`, admin),
        );
      }
    }
  });
  afterAll(async () => {
    await th?.close();
  });

  it.runIf(run)('answers every role × place × action as written, with 0 leaks', async () => {
    const got: Record<string, Outcome> = {};
    const want: Record<string, Outcome> = {};
    const leaks: string[] = [];
    for (const action of ACTIONS) {
      for (const place of PLACES) {
        for (const role of ROLES) {
          const headers = callers.get(`${role}@${place}`) as Record<string, string>;
          const id = await triagedCase();
          const res = await attempt(action, id, headers);
          const key = `${role}@${place} ${action}`;
          got[key] = outcome(res);
          want[key] = expected(role, place, action);
          if (got[key] === 'hidden' || got[key] === 'scope') {
            // Out of reach: the same answer, word for word, as for no case at all.
            const none = randomUUID();
            const absent = await attempt(action, none, headers);
            const same = (body: string, which: string) => body.replaceAll(which, '<id>');
            if (
              absent.statusCode !== res.statusCode ||
              same(absent.body, none) !== same(res.body, id)
            ) {
              leaks.push(key);
            }
          }
          if (action === 'view') {
            const listed = await inject('GET', '/v1/cases?limit=500', headers);
            const ids = listed.json<Page<CaseSummary>>().items.map((c) => c.id);
            const mayList =
              (place === 'handling' || place === 'above') &&
              (role === 'specialist' || role === 'admin');
            if (ids.includes(id) !== mayList) leaks.push(`${role}@${place} list`);
          }
        }
      }
    }
    expect(got).toEqual(want);
    expect(leaks).toEqual([]);
    expect(Object.keys(got)).toHaveLength(ACTIONS.length * PLACES.length * ROLES.length);
  });
});
