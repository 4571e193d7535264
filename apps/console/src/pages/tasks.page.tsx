import { Button, Group, Select, Table, Text } from '@mantine/core';
import {
  type PlanAssignmentState,
  type PlanAssignmentStatus,
  type PlanTask,
  roleHasScope,
} from '@safenet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTasks, useTasksUpdates } from '../api/tasks.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { AssignmentEditor, type EditedPair } from '../components/assignment-editor.js';
import { CursorPager } from '../components/cursor-pager.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import { PlanStatusBadge } from '../components/plan-status.js';
import { ScrollTable } from '../components/scroll-table.js';
import { formatDay } from '../i18n/campaign-days.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { PLAN_STATES } from './grid-search.js';

/**
 * "Our tasks": the plan items the organisation (and those beneath it) must carry out, across
 * every campaign neither archived nor cancelled — the ministry's, the province's, its own —
 * sorted by the date they are due, overdue first. Each row links to its campaign's grid; a
 * person with write scope records its status in the grid's dialog. Live on
 * `plan.assignment.updated`.
 */
export function TasksPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const language = currentLanguage();
  const [status, setStatus] = useState<PlanAssignmentState | undefined>(undefined);
  // The cursors of the pages before this one, to go back; '' is the first page.
  const [cursors, setCursors] = useState<string[]>([]);
  const tasks = useTasks(status, cursors.at(-1) ?? '');
  useTasksUpdates();
  const [editing, setEditing] = useState<EditedPair | null>(null);
  const writer = roleHasScope(user.role, 'write');
  const data = tasks.data;

  const itemLabel = (task: PlanTask) =>
    `${task.item.number} ${pickText(task.item.title, language)}`.trim();
  const dueText = (task: PlanTask) =>
    task.dueOn
      ? formatDay(format.locale, task.dueOn)
      : task.item.deadline.kind === 'ongoing'
        ? t('tasks.ongoing')
        : '—';
  const edit = (task: PlanTask) =>
    setEditing({
      campaignId: task.campaign.id,
      itemKey: task.item.key,
      orgId: task.orgId,
      label: `${itemLabel(task)} — ${task.orgName}`,
      status: task.recordedStatus as PlanAssignmentStatus,
    });

  return (
    <>
      <PageTitle title={t('tasks.title')} />
      <Text mb="md" c="dimmed" size="sm">
        {t('tasks.intro')}
      </Text>
      <Group align="end" mb="md">
        <Select
          label={t('plan.statusFilter')}
          clearable
          value={status ?? null}
          onChange={(value) => {
            setCursors([]);
            setStatus((value as PlanAssignmentState | null) ?? undefined);
          }}
          data={PLAN_STATES.map((s) => ({ value: s, label: t(`plan.status.${s}`) }))}
          data-testid="tasks-status-filter"
        />
      </Group>
      <ErrorAlert error={tasks.error} />
      {tasks.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {data && data.items.length === 0 && (
        <Text c="dimmed" data-testid="tasks-empty">
          {t('tasks.empty')}
        </Text>
      )}
      {data && data.items.length > 0 && (
        <ScrollTable minWidth={900}>
          <Table withTableBorder aria-busy={tasks.isFetching} data-testid="tasks" captionSide="top">
            <Table.Caption ta="left">{t('tasks.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('tasks.campaign')}</Table.Th>
                <Table.Th scope="col">{t('plan.item')}</Table.Th>
                <Table.Th scope="col">{t('common.organisation')}</Table.Th>
                <Table.Th scope="col">{t('tasks.due')}</Table.Th>
                <Table.Th scope="col">{t('plan.statusLabel')}</Table.Th>
                {writer && <Table.Th scope="col">{t('tasks.action')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((task) => (
                <Table.Tr
                  key={`${task.campaign.id}/${task.item.key}/${task.orgId}`}
                  data-testid={`task-${task.campaign.id}-${task.item.key}-${task.orgId}`}
                >
                  <Table.Td>
                    <AnchorLink
                      to="/campaigns/$campaignId/grid"
                      params={{ campaignId: task.campaign.id }}
                      search={{ orgId: task.orgId }}
                      data-testid="task-campaign"
                    >
                      {pickText(task.campaign.title, language)}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Th scope="row" fw="normal">
                    {itemLabel(task)}
                  </Table.Th>
                  <Table.Td>{task.orgName}</Table.Td>
                  <Table.Td>{dueText(task)}</Table.Td>
                  <Table.Td>
                    <PlanStatusBadge status={task.status} />
                    {task.status === 'overdue' && task.overdueFor && (
                      <Text size="xs" mt={2}>
                        {t('plan.dueOn', { day: formatDay(format.locale, task.overdueFor) })}
                      </Text>
                    )}
                  </Table.Td>
                  {writer && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => edit(task)}
                        aria-label={t('tasks.changeFor', {
                          pair: `${itemLabel(task)} — ${task.orgName}`,
                        })}
                        data-testid="task-edit"
                      >
                        {t('tasks.change')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {data && (
        <CursorPager
          cursors={cursors}
          setCursors={setCursors}
          nextCursor={data.nextCursor}
          previousLabel={t('tasks.previousPage')}
          nextLabel={t('tasks.nextPage')}
          nextTestId="tasks-next"
        />
      )}
      <AssignmentEditor gridCampaignId={null} pair={editing} onClose={() => setEditing(null)} />
    </>
  );
}
