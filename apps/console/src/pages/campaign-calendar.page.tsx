import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import type { CalendarOccurrence, OccurrenceState } from '@safenet/sdk';
import { useParams } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { splitOccurrences } from '../api/calendar-view.js';
import { useCampaign, useCampaignUpdates } from '../api/campaigns.js';
import { useAnnouncements, useCalendar, useCalendarUpdates } from '../api/plans.js';
import { AnchorLink } from '../components/anchor-link.js';
import { CampaignTabs } from '../components/campaign-tabs.js';
import { CampaignTimeline } from '../components/campaign-timeline.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import { type Format, formatter } from '../i18n/formatter.js';
import { currentLanguage } from '../i18n/i18n.js';

/** Sent and missed are outlined in dark shades: Mantine's light teal and orange fall below 4.5:1. */
const STATE_LOOKS: Record<OccurrenceState, { color: string; variant: string }> = {
  scheduled: { color: 'blue', variant: 'light' },
  fired: { color: 'teal.9', variant: 'outline' },
  missed: { color: 'orange.9', variant: 'outline' },
  cancelled: { color: 'gray', variant: 'light' },
};

/**
 * A campaign's calendar: its phases on the window's timeline, and its announcements'
 * occurrences to come and gone by, each with its state (a fired one links to its broadcast's
 * progress). Times are the campaign's zone's, and the page says so; an occurrence read in
 * recipients' own zones also says in which. Live on `calendar.occurrence`.
 */
export function CampaignCalendarPage() {
  const { t } = useTranslation();
  const { campaignId } = useParams({ from: '/app/campaigns/$campaignId/calendar' });
  const campaign = useCampaign(campaignId);
  const calendar = useCalendar(campaignId);
  const announcements = useAnnouncements(campaignId);
  useCampaignUpdates();
  useCalendarUpdates(campaignId);
  const language = currentLanguage();
  const zone = campaign.data?.timeZone ?? calendar.data?.timeZone;
  const format = useMemo(() => (zone ? formatter(language, zone) : undefined), [language, zone]);
  const titles = new Map(
    (announcements.data?.items ?? []).map((a) => [
      a.id,
      a.title ? pickText(a.title, language) : a.key,
    ]),
  );
  const c = campaign.data;
  const split = calendar.data ? splitOccurrences(calendar.data.occurrences, new Date()) : undefined;

  return (
    <>
      <PageTitle title={t('calendar.title', { title: c ? pickText(c.title, language) : '' })} />
      <CampaignTabs campaignId={campaignId} current="calendar" />
      <ErrorAlert error={campaign.error ?? calendar.error} />
      {(campaign.isPending || calendar.isPending) && <Text c="dimmed">{t('common.loading')}</Text>}
      {c && format && (
        <Stack>
          <Text size="sm" data-testid="calendar-zone">
            {t('calendar.zoneNote', { zone: c.timeZone })}
          </Text>
          <Card withBorder component="section" aria-labelledby="calendar-phases">
            <Title order={2} size="h4" id="calendar-phases" mb="xs">
              {t('campaign.phases')}
            </Title>
            <CampaignTimeline
              campaign={calendar.data ? { ...c, phases: calendar.data.phases } : c}
              locale={format.locale}
            />
          </Card>
          {split && (
            <>
              <Occurrences
                id="calendar-upcoming"
                title={t('calendar.upcoming')}
                empty={t('calendar.noUpcoming')}
                occurrences={split.upcoming}
                titles={titles}
                format={format}
                campaignZone={c.timeZone}
              />
              <Occurrences
                id="calendar-past"
                title={t('calendar.past')}
                empty={t('calendar.noPast')}
                occurrences={split.past}
                titles={titles}
                format={format}
                campaignZone={c.timeZone}
              />
            </>
          )}
        </Stack>
      )}
    </>
  );
}

/** A table of occurrences: when (in the campaign's zone), which announcement, its state. */
function Occurrences(props: {
  id: string;
  title: string;
  empty: string;
  occurrences: readonly CalendarOccurrence[];
  titles: ReadonlyMap<string, string>;
  format: Format;
  campaignZone: string;
}) {
  const { t } = useTranslation();
  const { format } = props;
  return (
    <Card withBorder component="section" aria-labelledby={props.id} data-testid={props.id}>
      <Title order={2} size="h4" id={props.id} mb="xs">
        {props.title}
      </Title>
      {props.occurrences.length === 0 ? (
        <Text size="sm" c="dimmed">
          {props.empty}
        </Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('calendar.when', { zone: props.campaignZone })}</Table.Th>
              <Table.Th>{t('calendar.announcement')}</Table.Th>
              <Table.Th>{t('calendar.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.occurrences.map((o) => (
              <Table.Tr
                key={`${o.announcementId}/${o.version}/${o.key}`}
                data-testid="occurrence"
                data-state={o.state}
              >
                <Table.Td>
                  <time dateTime={o.at}>{format.dateTime(o.at)}</time>
                  {o.zone !== props.campaignZone && (
                    <Text size="xs" c="dimmed">
                      {t('calendar.inZone', {
                        time: formatter(currentLanguage(), o.zone).dateTime(o.at),
                        zone: o.zone,
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{props.titles.get(o.announcementId) ?? o.announcementKey}</Table.Td>
                <Table.Td>
                  <Badge
                    color={STATE_LOOKS[o.state].color}
                    variant={STATE_LOOKS[o.state].variant}
                    tt="none"
                  >
                    {t(`calendar.states.${o.state}`)}
                  </Badge>
                  {o.state === 'fired' && o.broadcastId && (
                    <AnchorLink
                      to="/broadcasts/$broadcastId"
                      params={{ broadcastId: o.broadcastId }}
                      size="sm"
                      ml="xs"
                      data-testid="occurrence-broadcast"
                    >
                      {t('calendar.progress')}
                    </AnchorLink>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
