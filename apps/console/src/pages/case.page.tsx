import { Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { roleHasScope } from '@safenet/sdk';
import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { caseOffer } from '../api/case-view.js';
import { useCase, useCasesUpdates, useNow } from '../api/cases.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { CaseActions } from '../components/case-actions.js';
import { CaseAssignee } from '../components/case-assignee.js';
import { CaseAudit } from '../components/case-audit.js';
import { CaseClock, SeverityBadge } from '../components/case-badges.js';
import { CaseReferrals } from '../components/case-referrals.js';
import { CaseReports } from '../components/case-reports.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';

/** A fact of the summary: a term over its value. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={600} c="dimmed">
        {term}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  );
}

/**
 * One case: its summary and clock, what the reader may do with it (the hub's `allowed`), its
 * links as text (never opened or previewed), its reports, its referrals, and for the
 * organisation's admins the audit trail with whether its chain is intact (an admin who is no
 * specialist cannot open the case, and sees the trail alone). Opening it is an audited read.
 */
export function CasePage() {
  const { t } = useTranslation();
  const { caseId } = useParams({ from: '/app/cases/$caseId' });
  const user = useUser();
  const format = useFormat();
  const query = useCase(caseId);
  useCasesUpdates();
  const now = useNow();
  const kase = query.data;
  // Admins read the trail (`audit`) though only specialists open the case itself (`view`).
  const admin = roleHasScope(user.role, 'admin');
  if (!kase) {
    return (
      <>
        <AnchorLink to="/cases" size="sm">
          ← {t('casePage.back')}
        </AnchorLink>
        <PageTitle title={t('cases.title')} />
        <ErrorAlert error={query.error} />
        {query.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
        {admin && query.isError && <CaseAudit caseId={caseId} />}
      </>
    );
  }
  const offer = caseOffer(kase, user.id);

  return (
    <>
      <AnchorLink to="/cases" size="sm">
        ← {t('casePage.back')}
      </AnchorLink>
      <PageTitle title={t('casePage.title', { number: kase.number })}>
        <Group gap="xs">
          <SeverityBadge severity={kase.severity} />
          <Badge variant="outline" color="gray.7" tt="none" data-testid="case-state">
            {t(`cases.state.${kase.state}`)}
          </Badge>
        </Group>
      </PageTitle>
      <Stack gap="md">
        <Card withBorder component="section" aria-label={t('casePage.summary')}>
          <CaseClock kase={kase} now={now} />
          <SimpleGrid component="dl" cols={{ base: 1, sm: 3 }} mt="xs" m={0}>
            <Fact term={t('casePage.stateLabel')}>{t(`cases.state.${kase.state}`)}</Fact>
            <Fact term={t('casePage.categoryLabel')}>{t(`cases.category.${kase.category}`)}</Fact>
            <Fact term={t('casePage.platformLabel')}>{t(`cases.platform.${kase.platform}`)}</Fact>
            <Fact term={t('cases.assignee')}>
              <span data-testid="case-assignee">
                <CaseAssignee assigneeId={kase.assigneeId} />
              </span>
            </Fact>
            <Fact term={t('casePage.createdAt')}>{format.dateTime(kase.createdAt)}</Fact>
            {kase.acknowledgedAt && (
              <Fact term={t('casePage.acknowledgedAt')}>
                {format.dateTime(kase.acknowledgedAt)}
              </Fact>
            )}
            {kase.rejectReason && (
              <Fact term={t('casePage.rejectReason')}>{kase.rejectReason}</Fact>
            )}
            <Fact term={t('casePage.reports')}>
              {t('cases.merged', { count: kase.reportCount })}
            </Fact>
          </SimpleGrid>
        </Card>
        <CaseActions kase={kase} />
      </Stack>
      <CaseReports kase={kase} />
      <CaseReferrals kase={kase} canWrite={offer.referral} />
      {(offer.audit || admin) && <CaseAudit caseId={kase.id} />}
    </>
  );
}
