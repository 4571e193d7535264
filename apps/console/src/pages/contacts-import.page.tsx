import {
  Button,
  Checkbox,
  Fieldset,
  FileInput,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { ContactImport, ImportField, ImportKey, LegalBasis, Role } from '@safenet/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { CONTACT_ROLES } from '../api/domain.js';
import { fieldErrors } from '../api/errors.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { ImportResult, importQueryKey } from './contact-imports-result.js';
import {
  CONSENT_CHANNELS,
  changedMapping,
  IMPORT_KEYS,
  LEGAL_BASES,
} from './contact-imports-view.js';

/** The consent statement's source: the hub takes at most this many characters. */
const SOURCE_MAX = 120;

type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/**
 * Imports contacts from a spreadsheet (CSV or XLSX): the file, the organisation, what a row is
 * matched on, a default role and the consent statement, then "Check file" — a dry run that
 * writes nothing. The result shows the columns as read (a person corrects a mapping and checks
 * again: the file is uploaded anew with the change), the counts, live progress and the
 * rejected rows; then the person imports all or nothing, or the valid rows.
 */
export function ContactsImportPage() {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [orgId, setOrgId] = useState(user.orgId);
  // A school's or association's list is keyed on phones far more often than on references.
  const [key, setKey] = useState<ImportKey>('phone');
  const [defaultRole, setDefaultRole] = useState<Role | null>(null);
  const [basis, setBasis] = useState<LegalBasis | null>(null);
  const [channels, setChannels] = useState<ConsentChannel[]>([]);
  const [source, setSource] = useState('');
  const [saveMapping, setSaveMapping] = useState(false);
  const [chosen, setChosen] = useState<Record<string, ImportField | null>>({});
  const [importId, setImportId] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  // The first field left empty takes the focus, so a screen reader says it and its error.
  const fileField = useRef<HTMLButtonElement>(null);
  const basisField = useRef<HTMLInputElement>(null);
  const sourceField = useRef<HTMLInputElement>(null);

  const check = useMutation({
    mutationFn: async (input: { file: File; basis: LegalBasis }) => {
      const last = importId
        ? queryClient.getQueryData<ContactImport>(importQueryKey(importId))
        : undefined;
      const mapping = last ? changedMapping(last.columns, chosen) : {};
      return client.contactImports.start(input.file, {
        fileName: input.file.name,
        orgId,
        key,
        mode: 'dry_run',
        consent: { basis: input.basis, channels, source: source.trim() },
        ...(defaultRole ? { defaultRole } : {}),
        ...(Object.keys(mapping).length > 0 ? { mapping } : {}),
        ...(saveMapping ? { saveMapping } : {}),
      });
    },
    onSuccess: (started) => {
      queryClient.setQueryData(importQueryKey(started.id), started);
      setImportId(started.id);
    },
  });

  const problems = {
    file: tried && !file ? t('imports.fileMissing') : undefined,
    basis: tried && !basis ? t('imports.basisMissing') : undefined,
    source: tried && !source.trim() ? t('imports.sourceMissing') : undefined,
  };
  const hub = fieldErrors(check.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!file) fileField.current?.focus();
    else if (!basis) basisField.current?.focus();
    else if (!source.trim()) sourceField.current?.focus();
    else check.mutate({ file, basis });
  }

  /** Another file: the columns chosen for the last one say nothing about it. */
  function chooseFile(next: File | null) {
    setFile(next);
    setChosen({});
    setImportId(null);
    check.reset();
  }

  return (
    <>
      <PageTitle title={t('imports.title')}>
        <AnchorLink to="/contacts/imports">{t('imports.history')}</AnchorLink>
      </PageTitle>
      <Text size="sm" mb="md">
        {t('imports.intro')}
      </Text>
      <Stack>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group align="start" wrap="wrap">
              <FileInput
                ref={fileField}
                label={t('imports.file')}
                description={t('imports.fileHint')}
                placeholder={t('imports.filePlaceholder')}
                // Mantine's placeholder grey is 2.1:1 on white; the dimmed grey passes AA.
                styles={{ placeholder: { color: 'var(--mantine-color-dimmed)' } }}
                accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                value={file}
                onChange={chooseFile}
                error={problems.file}
                required
                miw={260}
                data-testid="import-file"
              />
              <OrgSelect value={orgId} onChange={setOrgId} />
            </Group>
            <Group align="start" wrap="wrap">
              <Select
                label={t('imports.key')}
                description={t('imports.keyHint')}
                allowDeselect={false}
                value={key}
                onChange={(v) => v && setKey(v as ImportKey)}
                data={IMPORT_KEYS.map((k) => ({ value: k, label: t(`imports.keys.${k}`) }))}
                maw={360}
              />
              <Select
                label={t('imports.defaultRole')}
                description={t('imports.defaultRoleHint')}
                clearable
                value={defaultRole}
                onChange={(v) => setDefaultRole(v as Role | null)}
                data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
                maw={360}
              />
            </Group>
            <Fieldset legend={t('imports.consent')}>
              <Stack>
                <Select
                  ref={basisField}
                  label={t('imports.basis')}
                  description={t('imports.basisHint')}
                  required
                  value={basis}
                  onChange={(v) => setBasis(v as LegalBasis | null)}
                  error={problems.basis}
                  data={LEGAL_BASES.map((b) => ({ value: b, label: t(`imports.bases.${b}`) }))}
                  maw={420}
                  data-testid="import-basis"
                />
                <Checkbox.Group
                  label={t('imports.channels')}
                  description={t('imports.channelsHint')}
                  value={channels}
                  onChange={(v) => setChannels(v as ConsentChannel[])}
                  error={hub.consentChannels}
                >
                  <Group mt="xs">
                    {CONSENT_CHANNELS.map((c) => (
                      <Checkbox key={c} value={c} label={t(`channels.${c}`)} />
                    ))}
                  </Group>
                </Checkbox.Group>
                <TextInput
                  ref={sourceField}
                  label={t('imports.source')}
                  description={t('imports.sourceHint')}
                  required
                  maxLength={SOURCE_MAX}
                  value={source}
                  onChange={(e) => setSource(e.currentTarget.value)}
                  error={problems.source ?? hub.consentSource}
                />
              </Stack>
            </Fieldset>
            <Checkbox
              label={t('imports.saveMapping')}
              checked={saveMapping}
              onChange={(e) => setSaveMapping(e.currentTarget.checked)}
            />
            <Group gap="sm">
              <Button
                type="submit"
                loading={check.isPending}
                aria-describedby="import-check-hint"
                data-testid="import-check"
              >
                {importId ? t('imports.checkAgain') : t('imports.check')}
              </Button>
              <Text size="sm" c="dimmed" id="import-check-hint">
                {t('imports.checkHint')}
              </Text>
            </Group>
          </Stack>
        </form>
        <ErrorAlert error={check.error} />
        {importId && (
          <ImportResult
            importId={importId}
            mapping={{
              chosen,
              choose: (header, field) => setChosen((c) => ({ ...c, [header]: field })),
            }}
          />
        )}
      </Stack>
    </>
  );
}
