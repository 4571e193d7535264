import { Stack } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contentOf, EMPTY_DRAFT } from '../api/recommendation-draft.js';
import { useLibraryWrites } from '../api/recommendations.js';
import { useUser } from '../auth/session.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { RecommendationForm } from '../components/recommendation-form.js';

/** A new recommendation: its version 1 is written as a draft, to submit for review afterwards. */
export function NewRecommendationPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const writes = useLibraryWrites();
  const [orgId, setOrgId] = useState(user.orgId);
  return (
    <>
      <PageTitle title={t('library.new')} />
      <Stack>
        <OrgSelect value={orgId} onChange={setOrgId} />
        <RecommendationForm
          initial={EMPTY_DRAFT}
          submitLabel={t('library.form.create')}
          pending={writes.create.isPending}
          error={writes.create.error}
          onSubmit={(draft) =>
            writes.create.mutate(
              { orgId, ...contentOf(draft) },
              {
                onSuccess: (created) =>
                  void navigate({
                    to: '/recommendations/$recommendationId',
                    params: { recommendationId: created.id },
                  }),
              },
            )
          }
        />
      </Stack>
    </>
  );
}
