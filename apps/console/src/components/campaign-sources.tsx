import { Anchor, Card, Text, Title } from '@mantine/core';
import type { Campaign } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { useLineage } from '../api/plans.js';
import { formatDay } from '../i18n/campaign-days.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { AnchorLink } from './anchor-link.js';
import { pickText } from './localized.js';

/** The document the campaign comes from and the campaign above that it carries out. */
export function CampaignSources({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const format = useFormat();
  const document = campaign.document;
  if (!document && !campaign.implementsCampaignId) return null;
  return (
    <Card withBorder component="section" aria-labelledby="campaign-sources">
      <Title order={2} size="h4" id="campaign-sources" mb="xs">
        {t('campaign.sources')}
      </Title>
      {document && (
        <Text size="sm" data-testid="campaign-document">
          {t('campaign.document')}:{' '}
          {document.url ? (
            <Anchor href={document.url} target="_blank" rel="noopener noreferrer">
              {document.number ?? document.url}
            </Anchor>
          ) : (
            document.number
          )}
          {document.date && ` (${formatDay(format.locale, document.date)})`}
        </Text>
      )}
      {campaign.implementsCampaignId && <Implements campaignId={campaign.implementsCampaignId} />}
    </Card>
  );
}

/**
 * The campaign above that this one carries out, linked with its title. The hub does not open
 * a campaign above one's organisation, but does open its lineage, which names it (a hidden
 * one, above a campaign one may not see, stays unnamed).
 */
function Implements({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const above = useLineage(campaignId);
  return (
    <Text size="sm" mt="xs" data-testid="campaign-implements">
      {t('campaign.implements')}:{' '}
      {above.data ? (
        <AnchorLink to="/campaigns/$campaignId" params={{ campaignId }}>
          {pickText(above.data.campaign.title, currentLanguage())}
        </AnchorLink>
      ) : (
        t('campaign.implementsHidden')
      )}
    </Text>
  );
}
