import { Badge, Button, Table, Text } from '@mantine/core';
import { roleHasScope } from '@safenet/sdk';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';

export const STATUS_COLORS: Record<string, string> = {
  scheduled: 'gray',
  queued: 'gray',
  sending: 'blue',
  completed: 'teal',
  cancelled: 'orange',
  awaiting_approval: 'yellow',
  rejected: 'red',
};

/** The broadcasts of the person's subtree, newest first; a sender may start a new one. */
export function BroadcastsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const broadcasts = useQuery({
    queryKey: ['broadcasts'],
    queryFn: () => client.broadcasts.list({ limit: 100 }),
  });
  const items = [...(broadcasts.data?.items ?? [])].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <>
      <PageTitle title={t('broadcasts.title')}>
        {roleHasScope(user.role, 'approve') && (
          <Button
            component={Link}
            to="/broadcasts/approvals"
            variant="light"
            data-testid="send-approvals-link"
          >
            {t('sendApprovals.link')}
          </Button>
        )}
        {roleHasScope(user.role, 'send') && (
          <Button component={Link} to="/broadcasts/new" data-testid="new-broadcast">
            {t('broadcasts.new')}
          </Button>
        )}
      </PageTitle>
      <ErrorAlert error={broadcasts.error} />
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('broadcasts.sendAt')}</Table.Th>
              <Table.Th>{t('broadcasts.channels')}</Table.Th>
              <Table.Th>{t('broadcasts.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>
                  <AnchorLink to="/broadcasts/$broadcastId" params={{ broadcastId: b.id }}>
                    {format.dateTime(b.sendAt)}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{b.channels.map((c) => t(`channels.${c}`)).join(' → ')}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[b.status]} variant="dot">
                    {t(`broadcastStatus.${b.status}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {broadcasts.data && items.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
    </>
  );
}
