import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { ContactImport, ImportCounts, ImportStatus } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { type Format, useFormat } from '../i18n/format.js';
import { useStreamEvents, useStreamState } from '../stream/use-stream.js';
import { ImportColumns, type MappingEdit } from './contact-imports-columns.js';
import { ImportErrors } from './contact-imports-errors.js';
import { isCommittable, isRunning, progressOf, withProgress } from './contact-imports-view.js';

/** How often the page asks where a running import stands when the stream is not live (ms). */
const POLL = 2000;

const STATUS_COLORS: Record<ImportStatus, string> = {
  validating: 'blue',
  validated: 'indigo',
  importing: 'blue',
  completed: 'teal',
  rejected: 'orange',
  failed: 'red',
};

const COUNTS = ['rows', 'valid', 'rejected', 'created', 'updated', 'unchanged'] as const;

/** The query of one import, shared by the pages that show it. */
export const importQueryKey = (id: string) => ['contact-imports', id] as const;

/**
 * An import as it stands, followed live: `contact_import.progress` events move its status,
 * progress and counts (asking the hub afresh when the status changes, and every two seconds
 * while the stream is down). Shows the columns as read (editable with `mapping`), the counts,
 * the rejected rows with the error report, and — on a finished dry run — the two ways to
 * import it; once imported, a link to the contacts.
 */
export function ImportResult({ importId, mapping }: { importId: string; mapping?: MappingEdit }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const queryClient = useQueryClient();
  const live = useStreamState() === 'live';
  const key = importQueryKey(importId);
  const current = useQuery({
    queryKey: key,
    queryFn: () => client.contactImports.get(importId),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && isRunning(status) && !live ? POLL : false;
    },
  });
  const commit = useMutation({
    mutationFn: (mode: 'all_or_nothing' | 'valid_rows') =>
      client.contactImports.commit(importId, { mode }),
    onSuccess: (updated) => queryClient.setQueryData(key, updated),
  });

  useStreamEvents(['contact_import.progress'], (event) => {
    if (event.data.id !== importId) return;
    const before = queryClient.getQueryData<ContactImport>(key);
    if (before) queryClient.setQueryData(key, withProgress(before, event.data));
    // A new status may come with more than the event carries (its end time, the columns):
    // ask again, which also replaces an answer still on its way from before the event.
    if (before?.status !== event.data.status) void current.refetch();
  });

  const imp = current.data;
  const done = imp?.status === 'completed';
  // The contacts list holds what it read before the import wrote.
  useEffect(() => {
    if (done) void queryClient.invalidateQueries({ queryKey: ['contacts'] });
  }, [done, queryClient]);

  if (!imp) return <ErrorAlert error={current.error} />;
  const writer = roleHasScope(user.role, 'write');
  const editable = mapping && isCommittable(imp) ? mapping : undefined;
  return (
    <Stack data-testid="import-result" data-status={imp.status} data-import-id={imp.id}>
      <ErrorAlert error={current.error ?? commit.error} />
      <Standing imp={imp} format={format} />
      <ImportColumns columns={imp.columns} edit={editable} />
      {!isRunning(imp.status) && imp.counts.rejected > 0 && <ImportErrors imp={imp} />}
      {isCommittable(imp) && writer && (
        <Card withBorder component="section" aria-labelledby="import-commit-title">
          <Title order={2} size="h4" id="import-commit-title" mb="xs">
            {t('imports.commitTitle')}
          </Title>
          <Group align="start" gap="xl" wrap="wrap">
            <CommitChoice
              label={t('imports.commitAll')}
              hint={t('imports.commitAllHint')}
              loading={commit.isPending && commit.variables === 'all_or_nothing'}
              disabled={commit.isPending}
              onClick={() => commit.mutate('all_or_nothing')}
              testId="commit-all"
            />
            <CommitChoice
              label={t('imports.commitValid')}
              hint={t('imports.commitValidHint')}
              loading={commit.isPending && commit.variables === 'valid_rows'}
              disabled={commit.isPending || imp.counts.valid === 0}
              onClick={() => commit.mutate('valid_rows')}
              testId="commit-valid"
            />
          </Group>
        </Card>
      )}
      <Outcome imp={imp} />
    </Stack>
  );
}

/** Status, progress while running, and the counts: what the import did or would do. */
function Standing({ imp, format }: { imp: ContactImport; format: Format }) {
  const { t } = useTranslation();
  const progress = progressOf(imp);
  return (
    <Card withBorder component="section" aria-labelledby="import-standing-title">
      <Group justify="space-between" wrap="wrap" mb="xs">
        <Title order={2} size="h4" id="import-standing-title">
          {imp.fileName}
        </Title>
        <Text size="sm" c="dimmed">
          {t(`imports.modes.${imp.mode}`)} · {format.dateTime(imp.createdAt)}
        </Text>
      </Group>
      <Stack gap="xs" aria-live="polite">
        <Group gap="xs">
          <Text size="sm">{t('imports.status')}:</Text>
          <Badge variant="dot" color={STATUS_COLORS[imp.status]} data-testid="import-status">
            {t(`imports.statuses.${imp.status}`)}
          </Badge>
        </Group>
        {progress && (
          <>
            <Progress
              value={progress.total === 0 ? 0 : (100 * progress.done) / progress.total}
              aria-label={t('imports.progressLabel')}
              animated
            />
            <Text size="sm" data-testid="import-progress">
              {t('imports.progress', {
                done: format.number(progress.done),
                total: format.number(progress.total),
              })}
            </Text>
          </>
        )}
        {!progress && (
          <Text size="sm" fw={600}>
            {imp.mode === 'dry_run' ? t('imports.wouldDo') : t('imports.did')}
          </Text>
        )}
        <Counts counts={imp.counts} format={format} />
      </Stack>
    </Card>
  );
}

function Counts({ counts, format }: { counts: ImportCounts; format: Format }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 3, sm: 6 }} spacing="xs" component="dl" m={0}>
      {COUNTS.map((name) => (
        <div key={name}>
          <Text component="dt" size="xs" c="dimmed">
            {t(`imports.counts.${name}`)}
          </Text>
          <Text component="dd" m={0} fw={600} data-testid={`import-count-${name}`}>
            {format.number(counts[name])}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

function CommitChoice(props: {
  label: string;
  hint: string;
  loading: boolean;
  disabled: boolean;
  onClick: () => void;
  testId: string;
}) {
  const hintId = `${props.testId}-hint`;
  return (
    <Stack gap={4} maw={320}>
      <Button
        loading={props.loading}
        disabled={props.disabled}
        onClick={props.onClick}
        aria-describedby={hintId}
        data-testid={props.testId}
      >
        {props.label}
      </Button>
      <Text size="xs" c="dimmed" id={hintId}>
        {props.hint}
      </Text>
    </Stack>
  );
}

/** How a committed import ended: the contacts it wrote, or why nothing was written. */
function Outcome({ imp }: { imp: ContactImport }) {
  const { t } = useTranslation();
  if (imp.status === 'completed') {
    return (
      <Alert color="teal" role="status" data-testid="import-outcome">
        {t('imports.completed')}{' '}
        <AnchorLink to="/contacts" search={{ orgId: imp.orgId }} data-testid="import-contacts">
          {t('imports.seeContacts')}
        </AnchorLink>
      </Alert>
    );
  }
  if (imp.status === 'rejected') {
    return (
      <Alert color="orange" role="status" data-testid="import-outcome">
        {t('imports.rejectedOutcome')}
      </Alert>
    );
  }
  if (imp.status === 'failed') {
    return (
      <Alert color="red" role="alert" data-testid="import-outcome">
        {t('imports.failedOutcome')}
      </Alert>
    );
  }
  return null;
}
