/**
 * The approval queue for large sends in the console, in a real browser: the ministry's
 * threshold makes a broadcast to all parents wait; a reviewer of the ministry opens the queue
 * from the broadcasts page, approves it (it is queued, the terms recorded) and rejects another
 * with a comment (it ends `rejected`); the requester's own broadcast shows, but offers no
 * buttons. axe-core checks the queue.
 */
import type { AddressInfo } from 'node:net';
import type { Broadcast, Page as ListPage } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import {
  acceptedPerson,
  adminRequest,
  noA11yViolations,
  PASSWORD,
  signInConsole,
  switchToEnglish,
} from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

describe.runIf(available)(
  browserVariant(available, 'the approval queue of large sends in the console'),
  () => {
    let th: TestHub;
    let browser: TestBrowser;
    let origin: string;

    const toAllParents = () =>
      adminRequest<Broadcast>(th, 'POST', '/v1/broadcasts', {
        orgId: th.seed.ministryId,
        segmentId: th.seed.segmentIds.allParents,
        channels: ['email'],
        content: { recommendationId: th.seed.recommendationIds[0] },
        variables: { hotline: '111' },
        // Later than the test: nothing is sent while it runs.
        sendAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      });

    beforeAll(async () => {
      // No workers: an approved broadcast stays scheduled, nothing is planned or sent.
      th = await startTestHub({ workers: false, sendEmail: async () => undefined });
      await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
      await adminRequest(th, 'PUT', `/v1/organisations/${th.seed.ministryId}/send-approval`, {
        threshold: 10,
      });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await th?.close();
    });

    it('a reviewer approves one large send and rejects another with a comment', async () => {
      const first = await toAllParents();
      const second = await toAllParents();
      expect([first.status, second.status]).toEqual(['awaiting_approval', 'awaiting_approval']);

      // The demo's reviewer reads Russian: this walk is in English.
      const { context, page, errors } = await signInConsole(browser, origin, {
        email: 'reviewer.ministry@example.org',
        password: th.seed.demoPassword,
      });
      await switchToEnglish(page);
      await page.getByTestId('send-approvals-link').click();
      await page.waitForURL(`${origin}/broadcasts/approvals`);
      await expect
        .poll(() => page.locator('h1').textContent())
        .toBe('Large sends awaiting approval');
      const card = (b: Broadcast) => page.locator(`[data-broadcast="${b.id}"]`);
      await card(first).waitFor();
      await card(second).waitFor();
      await noA11yViolations(page, 'send approval queue');

      // Rejecting needs a comment: the button waits for one.
      expect(await card(second).getByTestId('reject-send').isDisabled()).toBe(true);
      await card(second)
        .getByRole('textbox', { name: 'Comment (why it is rejected)' })
        .fill('Add the Đắk Lắk hotline 02623.951.567 first');
      await card(second).getByTestId('reject-send').click();
      await card(second).waitFor({ state: 'detached' });

      await card(first).getByTestId('approve-send').click();
      await card(first).waitFor({ state: 'detached' });
      await page.getByText('No broadcast awaits approval.').waitFor();

      const approved = await adminRequest<Broadcast>(th, 'GET', `/v1/broadcasts/${first.id}`);
      expect(approved.status).toBe('scheduled');
      expect(approved.approvedTerms).toMatchObject({ channels: ['email'] });
      const rejected = await adminRequest<Broadcast>(th, 'GET', `/v1/broadcasts/${second.id}`);
      expect(rejected.status).toBe('rejected');
      const log = await adminRequest<ListPage<{ action: string; detail: object }>>(
        th,
        'GET',
        `/v1/approval-events?subject=broadcast&subjectId=${second.id}`,
      );
      expect(log.items[0]).toMatchObject({
        action: 'rejected',
        detail: { comment: 'Add the Đắk Lắk hotline 02623.951.567 first' },
      });
      expect(errors).toEqual([]);
      await context.close();
    });

    it('shows the requester their own large send without the buttons', async () => {
      await acceptedPerson(th, {
        email: 'admin.ministry@example.org',
        orgId: th.seed.ministryId,
        role: 'admin',
      });
      const { context, page } = await signInConsole(browser, origin, {
        email: 'admin.ministry@example.org',
        password: PASSWORD,
      });
      // Their own broadcast, created with a session of theirs.
      const signedIn = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/session',
        payload: { email: 'admin.ministry@example.org', password: PASSWORD },
      });
      const cookie = signedIn.cookies.find((c) => c.name === 'safenet_session');
      const res = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: {
          cookie: `safenet_session=${cookie?.value}`,
          'x-csrf-token': signedIn.json<{ csrfToken: string }>().csrfToken,
        },
        payload: {
          orgId: th.seed.ministryId,
          segmentId: th.seed.segmentIds.allParents,
          channels: ['email'],
          content: { recommendationId: th.seed.recommendationIds[0] },
          variables: { hotline: '111' },
          sendAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        },
      });
      expect(res.statusCode, res.body).toBe(202);
      const created = res.json<Broadcast>();
      expect(created.status).toBe('awaiting_approval');
      await page.goto(`${origin}/broadcasts/approvals`);
      const card = page.locator(`[data-broadcast="${created.id}"]`);
      await card.getByTestId('own-request').waitFor();
      expect(await card.getByTestId('approve-send').count()).toBe(0);
      await noA11yViolations(page, 'send approval queue, own request');
      await context.close();
    });
  },
);
