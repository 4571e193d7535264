import { Card, List, Text, Title } from '@mantine/core';
import type { OrganisationKind, RollUpNode } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from './anchor-link.js';
import { ReportRate } from './report-rate.js';

/**
 * The subtree by reporting rate: the organisation rolled up and, beneath it, each row's
 * organisation with its rate in words on its band's colour; each opens the roll-up of its
 * own subtree (drilling down), and "up" returns to the parent when the reader sees it.
 */
export function RollUpTree({
  formId,
  periodKey,
  node,
  rows,
  level,
  parent,
}: {
  formId: string;
  periodKey: string;
  node: RollUpNode;
  rows: readonly RollUpNode[];
  level: OrganisationKind | undefined;
  /** The node's parent when the reader may open it (it is in their tree); null at the top. */
  parent: { id: string; name: string } | null;
}) {
  const { t } = useTranslation();
  const to = '/reports/$formId/periods/$periodKey' as const;
  const params = { formId, periodKey };
  return (
    <Card withBorder component="section" aria-labelledby="rollup-tree" mb="md">
      <Title order={2} size="h4" id="rollup-tree">
        {t('reports.tree')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('reports.treeHint')}
      </Text>
      {parent && (
        <AnchorLink
          to={to}
          params={params}
          search={{ orgId: parent.id, ...(level ? { level } : {}) }}
          size="sm"
        >
          {t('reports.up', { org: parent.name })}
        </AnchorLink>
      )}
      <List listStyleType="none" withPadding={false} data-testid="rollup-tree">
        <List.Item>
          <Text component="span" fw={700} mr="xs">
            {node.name}
          </Text>
          <ReportRate rate={node.completeness.reportingRate} testId="rollup-tree-root-rate" />
          <List listStyleType="none" withPadding mt={4} spacing={4}>
            {rows.map((row) => (
              <List.Item key={row.orgId} data-testid={`tree-${row.orgId}`}>
                <AnchorLink
                  to={to}
                  params={params}
                  search={{ orgId: row.orgId, ...(level ? { level } : {}) }}
                  mr="xs"
                  aria-label={t('reports.drill', { org: row.name })}
                >
                  {row.name}
                </AnchorLink>
                <ReportRate rate={row.completeness.reportingRate} />
              </List.Item>
            ))}
          </List>
        </List.Item>
      </List>
    </Card>
  );
}
