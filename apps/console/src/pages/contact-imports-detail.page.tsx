import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../components/anchor-link.js';
import { PageTitle } from '../components/page-title.js';
import { ImportResult } from './contact-imports-result.js';

/**
 * One contact import, as the import page shows it after a check: followed live while it runs,
 * its rejected rows and error report, and — a finished dry run — the two ways to import it.
 * The file is not here to check again: changing a column means importing the file anew.
 */
export function ContactImportPage() {
  const { t } = useTranslation();
  const { importId } = useParams({ from: '/app/contacts/imports/$importId' });
  return (
    <>
      <PageTitle title={t('imports.result')}>
        <AnchorLink to="/contacts/imports">{t('nav.contactImports')}</AnchorLink>
      </PageTitle>
      <ImportResult importId={importId} />
    </>
  );
}
