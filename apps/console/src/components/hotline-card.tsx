import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Hotline } from '@safenet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draftOfHotline, hotlinePatch } from '../api/hotline-draft.js';
import { useHotlineWrites } from '../api/hotlines.js';
import { ErrorAlert } from './error-alert.js';
import { HotlineForm } from './hotline-form.js';
import { pickedLanguage, pickText } from './localized.js';

/**
 * One help line: its name in the reader's language (or the nearest it has), the number as
 * dialled (a `tel:` link) and in E.164, what it is for, the languages it answers in, its hours,
 * whom it serves and who keeps it. `canChange`: the reader may edit or delete it (a writer of
 * the keeper's subtree); editing turns the card into the form.
 */
export function HotlineCard(props: {
  line: Hotline;
  canChange: boolean;
  /** An organisation's name, or words saying it is above the reader's. */
  orgName: (id: string) => string;
}) {
  const { line, orgName } = props;
  const { t, i18n } = useTranslation();
  const writes = useHotlineWrites();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <HotlineForm
        initial={draftOfHotline(line)}
        isNew={false}
        submitLabel={t('hotlines.form.save')}
        pending={writes.update.isPending}
        error={writes.update.error}
        onCancel={() => setEditing(false)}
        onSubmit={(draft) =>
          writes.update.mutate(
            { id: line.id, patch: hotlinePatch(draft) },
            { onSuccess: () => setEditing(false) },
          )
        }
      />
    );
  }
  const titleId = `hotline-${line.id}`;
  const dial = line.e164 ?? line.number.replace(/\s/g, '');
  return (
    <Card
      withBorder
      component="article"
      aria-labelledby={titleId}
      data-testid="hotline"
      data-number={line.number}
    >
      <Stack gap={4}>
        <Title
          order={2}
          size="h4"
          id={titleId}
          lang={pickedLanguage(line.name, i18n.language) ?? undefined}
          data-testid="hotline-name"
        >
          {pickText(line.name, i18n.language)}
        </Title>
        <Group gap="xs" align="baseline">
          <Anchor href={`tel:${dial}`} fz="xl" fw={700} data-testid="hotline-number">
            {line.number}
          </Anchor>
          {line.e164 && (
            <Text size="sm" data-testid="hotline-e164">
              {t('hotlines.international', { e164: line.e164 })}
            </Text>
          )}
        </Group>
        <Group gap={4} data-testid="hotline-purposes">
          {line.purposes.map((p) => (
            <Badge key={p} variant="outline" color="blue.9">
              {t(`hotlinePurposes.${p}`)}
            </Badge>
          ))}
        </Group>
        <Text size="sm" data-testid="hotline-languages">
          {t('hotlines.answersIn', {
            languages: line.languages.map((l) => t(`languages.${l}`)).join(', '),
          })}
        </Text>
        <Text size="sm" data-testid="hotline-hours">
          {line.hours ? t('hotlines.hoursAre', { hours: line.hours }) : t('hotlines.noHours')}
        </Text>
        <Text size="sm" data-testid="hotline-serves">
          {t('hotlines.servesOrgs', { orgs: line.serves.map(orgName).join(', ') })}
        </Text>
        <Text size="sm" c="dimmed" data-testid="hotline-keeper">
          {t('hotlines.keptByOrg', { org: orgName(line.orgId) })}
        </Text>
      </Stack>
      {props.canChange && (
        <Group mt="sm">
          <Button
            size="xs"
            variant="light"
            onClick={() => setEditing(true)}
            data-testid="hotline-edit"
          >
            {t('hotlines.edit')}
          </Button>
          <Button
            size="xs"
            variant="light"
            color="red"
            loading={writes.remove.isPending}
            onClick={() =>
              window.confirm(t('hotlines.confirmDelete', { number: line.number })) &&
              writes.remove.mutate(line.id)
            }
            data-testid="hotline-delete"
          >
            {t('hotlines.delete')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={writes.remove.error} />
    </Card>
  );
}
