import { Badge, Box, Group, Stack, Text } from '@mantine/core';
import type { Campaign } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { formatDay, todayIn, windowPosition } from '../i18n/campaign-days.js';
import { currentLanguage } from '../i18n/i18n.js';
import { pickText } from './localized.js';

type PhaseState = 'done' | 'now' | 'upcoming';

/** Where a phase stands on `today` (days as `YYYY-MM-DD` compare as strings). */
function phaseState(phase: { startsOn: string; endsOn: string }, today: string): PhaseState {
  if (today > phase.endsOn) return 'done';
  if (today >= phase.startsOn) return 'now';
  return 'upcoming';
}

const percent = (fraction: number) => `${Math.min(100, Math.max(0, fraction * 100)).toFixed(2)}%`;

/**
 * A campaign's phases on its window, with today's position in the campaign's own time zone.
 * Each phase is also a line of text (its dates and whether it is done, under way or to come),
 * so the timeline reads without the picture.
 */
export function CampaignTimeline({
  campaign,
  locale,
  now = new Date(),
}: {
  campaign: Pick<Campaign, 'startsOn' | 'endsOn' | 'timeZone' | 'phases'>;
  locale: string;
  now?: Date;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const today = todayIn(campaign.timeZone, now);
  const at = (day: string) => windowPosition(campaign.startsOn, campaign.endsOn, day);
  const todayAt = at(today);
  // The window's first day sits at half a day: that is half a day's share of the width.
  const halfDay = at(campaign.startsOn);
  const inWindow = todayAt >= 0 && todayAt <= 1;
  return (
    <Stack gap="xs" data-testid="campaign-timeline">
      <Text size="sm" data-testid="timeline-today">
        {inWindow
          ? t('campaign.todayIn', { day: formatDay(locale, today), zone: campaign.timeZone })
          : todayAt < 0
            ? t('campaign.todayBefore', { day: formatDay(locale, today), zone: campaign.timeZone })
            : t('campaign.todayAfter', { day: formatDay(locale, today), zone: campaign.timeZone })}
      </Text>
      <Box pos="relative" aria-hidden="true" py={4}>
        <Stack gap={4}>
          {campaign.phases.map((phase) => {
            // A phase covers its first and last days whole: half a day either side of their middles.
            const left = at(phase.startsOn) - halfDay;
            const right = at(phase.endsOn) + halfDay;
            return (
              <Box key={phase.key} h={12} bg="gray.1" pos="relative" style={{ borderRadius: 4 }}>
                <Box
                  pos="absolute"
                  top={0}
                  bottom={0}
                  bg={phaseState(phase, today) === 'upcoming' ? 'blue.3' : 'teal.6'}
                  style={{
                    left: percent(left),
                    width: percent(right - left),
                    borderRadius: 4,
                  }}
                />
              </Box>
            );
          })}
        </Stack>
        {inWindow && (
          <Box
            pos="absolute"
            top={0}
            bottom={0}
            w={2}
            bg="red.7"
            style={{ left: percent(todayAt) }}
            data-testid="timeline-marker"
          />
        )}
      </Box>
      <Stack component="ol" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
        {campaign.phases.map((phase) => {
          const state = phaseState(phase, today);
          return (
            <Group component="li" key={phase.key} gap="xs" data-testid={`phase-${phase.key}`}>
              <Text size="sm" fw={state === 'now' ? 700 : 400}>
                {pickText(phase.title, language)}
              </Text>
              <Text size="sm" c="dimmed">
                {formatDay(locale, phase.startsOn)} – {formatDay(locale, phase.endsOn)}
              </Text>
              <Badge
                size="sm"
                // Under way is outlined in dark teal: Mantine's light teal is below 4.5:1.
                variant={state === 'now' ? 'outline' : 'light'}
                color={state === 'now' ? 'teal.9' : state === 'done' ? 'gray' : 'blue'}
              >
                {t(`campaign.phaseState.${state}`)}
              </Badge>
            </Group>
          );
        })}
      </Stack>
      {campaign.phases.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('campaign.noPhases')}
        </Text>
      )}
    </Stack>
  );
}
