import { Button, Card, Group, List, SegmentedControl, Select, Text, Title } from '@mantine/core';
import type { OrganisationKind } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_KINDS } from '../api/domain.js';
import { useOrganisations } from '../api/organisations.js';
import { useReportAssignment, useSetReportAssignment } from '../api/reports.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from './error-alert.js';
import { OrgSelect } from './org-select.js';
import { assigneesInput, type DraftAssignee, draftAssignees } from './report-form-draft.js';

/**
 * Who must report on a form: listed organisations, or "every <kind> beneath <organisation>",
 * with the expected count the hub answers (read against the tree as it is). A writer edits
 * the list and saves it whole; the hub refuses anyone outside the owner's subtree.
 */
export function ReportAssignees({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const { data: orgs = [] } = useOrganisations();
  const assignment = useReportAssignment(formId);
  const save = useSetReportAssignment(formId);
  const [list, setList] = useState<DraftAssignee[]>([]);
  const [rule, setRule] = useState<'org' | 'allOf'>('allOf');
  const [orgId, setOrgId] = useState<string | null>(null);
  const [kind, setKind] = useState<OrganisationKind>('school');
  useEffect(() => {
    if (assignment.data) setList(draftAssignees(assignment.data.assignees));
  }, [assignment.data]);
  const writer = roleHasScope(user.role, 'write');
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const describe = (a: DraftAssignee) =>
    a.rule === 'org'
      ? name(a.orgId)
      : t('reports.everyKind', { kind: t(`orgKinds.${a.kind}`), org: name(a.under) });
  const add = () => {
    if (!orgId) return;
    setList([...list, rule === 'org' ? { rule, orgId } : { rule, kind, under: orgId }]);
  };
  return (
    <Card withBorder component="section" aria-labelledby="report-assignment" mb="md">
      <Title order={2} size="h4" id="report-assignment">
        {t('reports.assignment')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('reports.assignmentHint')}
      </Text>
      {assignment.data && (
        <Text size="sm" fw={600} role="status" data-testid="assignment-expected">
          {t('reports.expected', { count: assignment.data.expected })}
        </Text>
      )}
      <ErrorAlert error={assignment.error ?? save.error} />
      {list.length === 0 ? (
        <Text size="sm">{t('reports.nobody')}</Text>
      ) : (
        <List size="sm" my="xs" data-testid="assignees">
          {list.map((a, i) => (
            <List.Item key={describe(a)}>
              {describe(a)}{' '}
              {writer && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => setList(list.filter((_, j) => j !== i))}
                  aria-label={t('reports.removeAssignee', { who: describe(a) })}
                >
                  ×
                </Button>
              )}
            </List.Item>
          ))}
        </List>
      )}
      {writer && (
        <>
          <Group align="end" wrap="wrap" mt="xs">
            <SegmentedControl
              aria-label={t('reports.assignment')}
              value={rule}
              onChange={(v) => setRule(v as 'org' | 'allOf')}
              data={[
                { value: 'allOf', label: t('reports.assignAllOf') },
                { value: 'org', label: t('reports.assignOrg') },
              ]}
            />
            {rule === 'allOf' && (
              <Select
                label={t('reports.kindLabel')}
                allowDeselect={false}
                value={kind}
                onChange={(v) => v && setKind(v as OrganisationKind)}
                data={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`orgKinds.${k}`) }))}
                data-testid="assignee-kind"
              />
            )}
            <OrgSelect
              label={rule === 'allOf' ? t('reports.under') : t('reports.assignOrg')}
              value={orgId}
              onChange={setOrgId}
            />
            <Button variant="light" onClick={add} disabled={!orgId} data-testid="assignee-add">
              {t('reports.addAssignee')}
            </Button>
          </Group>
          <Button
            mt="sm"
            loading={save.isPending}
            onClick={() => save.mutate(assigneesInput(list))}
            data-testid="assignment-save"
          >
            {t('reports.saveAssignment')}
          </Button>
        </>
      )}
    </Card>
  );
}
