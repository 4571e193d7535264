import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { depthOf, useOrganisations } from '../api/organisations.js';

/** An organisation of the person's subtree, indented by depth. */
export function OrgSelect(props: {
  value: string | null;
  onChange: (id: string) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const { data: orgs = [] } = useOrganisations();
  return (
    <Select
      label={props.label ?? t('common.organisation')}
      searchable
      allowDeselect={false}
      value={props.value}
      onChange={(value) => value && props.onChange(value)}
      data={orgs.map((org) => ({
        value: org.id,
        label: `${'\u00a0\u00a0'.repeat(depthOf(org, orgs))}${org.name}`,
      }))}
    />
  );
}
