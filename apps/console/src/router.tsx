import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { caseBoardSearch } from './api/case-view.js';
import { rollUpSearch } from './api/report-view.js';
import { sessionQuery } from './auth/session.js';
import { Shell } from './layout/shell.js';
import { campaignsSearch } from './pages/campaigns-search.js';
import { contactsSearch } from './pages/contacts-search.js';
import { gridSearch } from './pages/grid-search.js';
import { NotFoundPage } from './pages/not-found.page.js';
import { librarySearch } from './pages/recommendations-search.js';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

/** `?token=…` of the links the hub emails. */
const tokenSearch = (search: Record<string, unknown>): { token?: string } =>
  typeof search.token === 'string' ? { token: search.token } : {};

/** `?redirect=/path` back to where a signed-out person was going. */
const redirectSearch = (search: Record<string, unknown>): { redirect?: string } =>
  typeof search.redirect === 'string' && search.redirect.startsWith('/')
    ? { redirect: search.redirect }
    : {};

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import('./pages/sign-in.page.js'), 'SignInPage'),
});

const acceptInvitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/accept-invitation',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(
    () => import('./pages/accept-invitation.page.js'),
    'AcceptInvitationPage',
  ),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(
    () => import('./pages/reset-password.page.js'),
    'ResetPasswordPage',
  ),
});

/** Every page behind sign-in: no session, off to the sign-in page and back afterwards. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: Shell,
});

const page = <Path extends string>(
  path: Path,
  load: () => Promise<Record<string, unknown>>,
  name: string,
) =>
  createRoute({
    getParentRoute: () => appRoute,
    path,
    component: lazyRouteComponent(load, name),
  });

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/broadcasts' });
  },
});

const broadcastsRoute = page(
  '/broadcasts',
  () => import('./pages/broadcasts.page.js'),
  'BroadcastsPage',
);
/** Large sends awaiting a second person's approval. */
const sendApprovalsRoute = page(
  '/broadcasts/approvals',
  () => import('./pages/send-approvals.page.js'),
  'SendApprovalsPage',
);
const composeRoute = page(
  '/broadcasts/new',
  () => import('./pages/broadcast-composer.page.js'),
  'BroadcastComposerPage',
);
export const broadcastRoute = page(
  '/broadcasts/$broadcastId',
  () => import('./pages/broadcast-progress.page.js'),
  'BroadcastProgressPage',
);
export const deliveryRoute = page(
  '/broadcasts/$broadcastId/deliveries/$deliveryId',
  () => import('./pages/delivery.page.js'),
  'DeliveryPage',
);
/** An organisation's plan items across campaigns: what it must do, whoever's plan. */
const tasksRoute = page('/tasks', () => import('./pages/tasks.page.js'), 'TasksPage');
const segmentsRoute = page('/segments', () => import('./pages/segments.page.js'), 'SegmentsPage');
/** The recommendation library: its filters live in the URL, so a filtered library can be linked. */
const recommendationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/recommendations',
  validateSearch: librarySearch,
  component: lazyRouteComponent(
    () => import('./pages/recommendations.page.js'),
    'RecommendationsPage',
  ),
});
const newRecommendationRoute = page(
  '/recommendations/new',
  () => import('./pages/recommendation-new.page.js'),
  'NewRecommendationPage',
);
/** The content review queue: versions waiting for another person's decision. */
const recommendationReviewRoute = page(
  '/recommendations/review',
  () => import('./pages/recommendation-review.page.js'),
  'RecommendationReviewPage',
);
export const recommendationRoute = page(
  '/recommendations/$recommendationId',
  () => import('./pages/recommendation.page.js'),
  'RecommendationPage',
);
/** The hotline directory: the help lines broadcasts signpost. */
const hotlinesRoute = page('/hotlines', () => import('./pages/hotlines.page.js'), 'HotlinesPage');
/** The contacts list: its search and filters live in the URL, so a filtered list can be linked. */
const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  validateSearch: contactsSearch,
  component: lazyRouteComponent(() => import('./pages/contacts.page.js'), 'ContactsPage'),
});
export const contactRoute = page(
  '/contacts/$contactId',
  () => import('./pages/contact.page.js'),
  'ContactPage',
);
/** A spreadsheet of contacts: checked first (a dry run), then imported. */
const importContactsRoute = page(
  '/contacts/import',
  () => import('./pages/contacts-import.page.js'),
  'ContactsImportPage',
);
const contactImportsRoute = page(
  '/contacts/imports',
  () => import('./pages/contact-imports.page.js'),
  'ContactImportsPage',
);
export const contactImportRoute = page(
  '/contacts/imports/$importId',
  () => import('./pages/contact-imports-detail.page.js'),
  'ContactImportPage',
);
/** The campaigns list: its filters live in the URL, as the contacts list's do. */
const campaignsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns',
  validateSearch: campaignsSearch,
  component: lazyRouteComponent(() => import('./pages/campaigns.page.js'), 'CampaignsPage'),
});
const newCampaignRoute = page(
  '/campaigns/new',
  () => import('./pages/campaign-edit.page.js'),
  'NewCampaignPage',
);
export const campaignRoute = page(
  '/campaigns/$campaignId',
  () => import('./pages/campaign.page.js'),
  'CampaignPage',
);
const loadProgrammeRoute = page(
  '/campaigns/load',
  () => import('./pages/programme-load.page.js'),
  'ProgrammeLoadPage',
);
const campaignCalendarRoute = page(
  '/campaigns/$campaignId/calendar',
  () => import('./pages/campaign-calendar.page.js'),
  'CampaignCalendarPage',
);
/** The plan's grid: its subtree and status filter live in the URL, so a region's overdue can be linked. */
const campaignGridRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns/$campaignId/grid',
  validateSearch: gridSearch,
  component: lazyRouteComponent(() => import('./pages/campaign-grid.page.js'), 'CampaignGridPage'),
});
const editCampaignRoute = page(
  '/campaigns/$campaignId/edit',
  () => import('./pages/campaign-edit.page.js'),
  'EditCampaignPage',
);
/** `?campaignId=`: the report forms of one campaign, or a new form for it. */
const campaignSearch = (search: Record<string, unknown>): { campaignId?: string } =>
  typeof search.campaignId === 'string' && search.campaignId
    ? { campaignId: search.campaignId }
    : {};
/** Report forms of the reader's subtree and of campaigns above assigning it. */
const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports',
  validateSearch: campaignSearch,
  component: lazyRouteComponent(() => import('./pages/reports.page.js'), 'ReportsPage'),
});
const newReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/new',
  validateSearch: campaignSearch,
  component: lazyRouteComponent(() => import('./pages/report-new.page.js'), 'ReportNewPage'),
});
const reportFormRoute = page(
  '/reports/$formId',
  () => import('./pages/report-form.page.js'),
  'ReportFormPage',
);
/** A period's roll-up: whose subtree and the level of its rows live in the URL. */
const reportRollUpRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/$formId/periods/$periodKey',
  validateSearch: rollUpSearch,
  component: lazyRouteComponent(() => import('./pages/report-rollup.page.js'), 'ReportRollUpPage'),
});
const organisationsRoute = page(
  '/organisations',
  () => import('./pages/organisations.page.js'),
  'OrganisationsPage',
);
const peopleRoute = page('/people', () => import('./pages/people.page.js'), 'PeoplePage');
const channelsRoute = page('/channels', () => import('./pages/channels.page.js'), 'ChannelsPage');
/** Telegram groups and channels connected for the reader's subtree, and posts to them. */
const telegramRoute = page('/telegram', () => import('./pages/telegram.page.js'), 'TelegramPage');
const alertsRoute = page('/alerts', () => import('./pages/alerts.page.js'), 'AlertsPage');
/** The triage board: its filters live in the URL, so "critical, unassigned" can be linked. */
const casesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases',
  validateSearch: caseBoardSearch,
  component: lazyRouteComponent(() => import('./pages/cases.page.js'), 'CasesPage'),
});
const caseSettingsRoute = page(
  '/cases/settings',
  () => import('./pages/case-settings.page.js'),
  'CaseSettingsPage',
);
export const caseRoute = page('/cases/$caseId', () => import('./pages/case.page.js'), 'CasePage');

const routeTree = rootRoute.addChildren([
  signInRoute,
  acceptInvitationRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    homeRoute,
    tasksRoute,
    broadcastsRoute,
    sendApprovalsRoute,
    composeRoute,
    broadcastRoute,
    deliveryRoute,
    segmentsRoute,
    recommendationsRoute,
    newRecommendationRoute,
    recommendationReviewRoute,
    recommendationRoute,
    hotlinesRoute,
    contactsRoute,
    importContactsRoute,
    contactImportsRoute,
    contactImportRoute,
    contactRoute,
    campaignsRoute,
    newCampaignRoute,
    loadProgrammeRoute,
    campaignRoute,
    campaignCalendarRoute,
    campaignGridRoute,
    editCampaignRoute,
    reportsRoute,
    newReportRoute,
    reportFormRoute,
    reportRollUpRoute,
    organisationsRoute,
    peopleRoute,
    channelsRoute,
    telegramRoute,
    alertsRoute,
    casesRoute,
    caseSettingsRoute,
    caseRoute,
  ]),
]);

export function createConsoleRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createConsoleRouter>;
  }
}
