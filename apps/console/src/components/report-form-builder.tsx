import {
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSOLE_LANGUAGES } from '../i18n/locales.js';
import {
  COLUMN_TYPES,
  type DraftField,
  type DraftSchedule,
  emptyField,
  FIELD_TYPES,
  type FormDraft,
  type TypedText,
} from './report-form-draft.js';

/** A text in each of the console's languages (the form prints the reader's, with fallback). */
function TextPerLanguage({
  value,
  onChange,
  label,
}: {
  value: TypedText;
  onChange: (value: TypedText) => void;
  label: (language: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <Group grow wrap="wrap" gap="xs">
      {CONSOLE_LANGUAGES.map((language) => (
        <TextInput
          key={language}
          size="xs"
          label={label(t(`languages.${language}`))}
          lang={language}
          value={value[language] ?? ''}
          onChange={(e) => onChange({ ...value, [language]: e.currentTarget.value })}
        />
      ))}
    </Group>
  );
}

/** One field: type, key, labels, required; a choice's options, a group's columns. */
function FieldEditor({
  field,
  onChange,
  title,
  remove,
  types,
}: {
  field: DraftField;
  onChange: (field: DraftField) => void;
  title: string;
  remove: ReactNode;
  types: readonly DraftField['type'][];
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="fieldset" p="sm">
      <legend>{title}</legend>
      <Stack gap="xs">
        <Group align="end" wrap="wrap">
          <Select
            size="xs"
            label={t('reports.type')}
            allowDeselect={false}
            value={field.type}
            onChange={(v) => v && onChange({ ...field, type: v as DraftField['type'] })}
            data={types.map((type) => ({ value: type, label: t(`reports.types.${type}`) }))}
          />
          <TextInput
            size="xs"
            label={t('reports.key')}
            value={field.key}
            onChange={(e) => onChange({ ...field, key: e.currentTarget.value })}
          />
          <Checkbox
            label={t('reports.required')}
            checked={field.required}
            onChange={(e) => onChange({ ...field, required: e.currentTarget.checked })}
          />
          {remove}
        </Group>
        <TextPerLanguage
          value={field.label}
          onChange={(label) => onChange({ ...field, label })}
          label={(language) => t('reports.labelIn', { language })}
        />
        {field.type === 'choice' && (
          <ListEditor
            items={field.options}
            onChange={(options) => onChange({ ...field, options })}
            add={() => ({ key: '', label: {} })}
            addLabel={t('reports.addOption')}
            render={(option, set, n) => (
              <Group align="end" wrap="wrap" gap="xs">
                <TextInput
                  size="xs"
                  label={`${t('reports.option', { n })} — ${t('reports.key')}`}
                  value={option.key}
                  onChange={(e) => set({ ...option, key: e.currentTarget.value })}
                />
                <TextPerLanguage
                  value={option.label}
                  onChange={(label) => set({ ...option, label })}
                  label={(language) => t('reports.labelIn', { language })}
                />
              </Group>
            )}
            removeLabel={(n) => t('reports.removeOption', { n })}
          />
        )}
        {field.type === 'group' && (
          <ListEditor
            items={field.columns}
            onChange={(columns) => onChange({ ...field, columns })}
            add={() => emptyField('text')}
            addLabel={t('reports.addColumn')}
            render={(column, set, n) => (
              <FieldEditor
                field={column}
                onChange={set}
                title={t('reports.column', { n })}
                remove={null}
                types={COLUMN_TYPES}
              />
            )}
            removeLabel={(n) => t('reports.removeColumn', { n })}
          />
        )}
      </Stack>
    </Card>
  );
}

/** A list of items, each with a remove button, and an add button. */
function ListEditor<T>(props: {
  items: T[];
  onChange: (items: T[]) => void;
  add: () => T;
  addLabel: string;
  render: (item: T, set: (item: T) => void, n: number) => ReactNode;
  removeLabel: (n: number) => string;
}) {
  const { items, onChange } = props;
  return (
    <Stack gap="xs" pl="md">
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity until keyed by the person
        <Group key={i} align="end" wrap="nowrap">
          <div style={{ flex: 1 }}>
            {props.render(
              item,
              (next) => onChange(items.map((x, j) => (j === i ? next : x))),
              i + 1,
            )}
          </div>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            {props.removeLabel(i + 1)}
          </Button>
        </Group>
      ))}
      <Button size="xs" variant="light" onClick={() => onChange([...items, props.add()])}>
        {props.addLabel}
      </Button>
    </Stack>
  );
}

/** The simple builder: key, title, fields and schedule; the hub checks the result. */
export function ReportFormBuilder({
  draft,
  onChange,
}: {
  draft: FormDraft;
  onChange: (draft: FormDraft) => void;
}) {
  const { t } = useTranslation();
  const schedule = draft.schedule;
  const setSchedule = (next: DraftSchedule) => onChange({ ...draft, schedule: next });
  const date = (label: string, value: string, set: (v: string) => void) => (
    <TextInput
      size="xs"
      type="date"
      label={label}
      value={value}
      onChange={(e) => set(e.currentTarget.value)}
    />
  );
  return (
    <Stack data-testid="report-builder">
      <TextInput
        label={t('reports.key')}
        description={t('reports.keyHint')}
        value={draft.key}
        onChange={(e) => onChange({ ...draft, key: e.currentTarget.value })}
        data-testid="builder-key"
      />
      <TextPerLanguage
        value={draft.title}
        onChange={(title) => onChange({ ...draft, title })}
        label={(language) => t('reports.titleIn', { language })}
      />
      <ListEditor
        items={draft.fields}
        onChange={(fields) => onChange({ ...draft, fields })}
        add={() => emptyField('count')}
        addLabel={t('reports.addField')}
        render={(field, set, n) => (
          <FieldEditor
            field={field}
            onChange={set}
            title={t('reports.field', { n })}
            remove={null}
            types={FIELD_TYPES}
          />
        )}
        removeLabel={(n) => t('reports.removeField', { n })}
      />
      <SegmentedControl
        aria-label={t('reports.kind')}
        value={schedule.kind}
        onChange={(kind) =>
          setSchedule(
            kind === 'once'
              ? { kind: 'once', startsOn: '', endsOn: '', dueOn: '', locksOn: '' }
              : {
                  kind: 'recurring',
                  every: 'schoolYear',
                  from: '',
                  dueAfterDays: 15,
                  lockAfterDays: null,
                },
          )
        }
        data={[
          { value: 'once', label: t('reports.once') },
          { value: 'recurring', label: t('reports.recurring') },
        ]}
      />
      {schedule.kind === 'once' ? (
        <Group wrap="wrap">
          {date(t('reports.startsOn'), schedule.startsOn, (v) =>
            setSchedule({ ...schedule, startsOn: v }),
          )}
          {date(t('reports.endsOn'), schedule.endsOn, (v) =>
            setSchedule({ ...schedule, endsOn: v }),
          )}
          {date(t('reports.dueOn'), schedule.dueOn, (v) => setSchedule({ ...schedule, dueOn: v }))}
          {date(t('reports.locksOn'), schedule.locksOn, (v) =>
            setSchedule({ ...schedule, locksOn: v }),
          )}
        </Group>
      ) : (
        <Group wrap="wrap" align="end">
          <Select
            size="xs"
            label={t('reports.every')}
            allowDeselect={false}
            value={schedule.every}
            onChange={(v) => v && setSchedule({ ...schedule, every: v as typeof schedule.every })}
            data={(['schoolYear', 'quarter', 'month'] as const).map((e) => ({
              value: e,
              label: t(`reports.everies.${e}`),
            }))}
          />
          {date(t('reports.fromDay'), schedule.from, (v) => setSchedule({ ...schedule, from: v }))}
          <NumberInput
            size="xs"
            label={t('reports.dueAfterDays')}
            min={0}
            value={schedule.dueAfterDays}
            onChange={(v) => setSchedule({ ...schedule, dueAfterDays: Number(v) || 0 })}
          />
          <NumberInput
            size="xs"
            label={t('reports.lockAfterDays')}
            min={0}
            value={schedule.lockAfterDays ?? ''}
            onChange={(v) =>
              setSchedule({ ...schedule, lockAfterDays: v === '' ? null : Number(v) })
            }
          />
        </Group>
      )}
    </Stack>
  );
}
