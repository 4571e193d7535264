import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BAND_COLORS, type RateBand, rateBand } from '../api/report-view.js';
import { useFormat } from '../i18n/format.js';

/**
 * A reporting rate as a percentage in words, on a light swatch of its band's colour with the
 * band named for screen readers: colour is never the only sign.
 */
export function ReportRate({ rate, testId }: { rate: number | null; testId?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const band: RateBand = rateBand(rate);
  return (
    <Box
      component="span"
      px={6}
      py={2}
      style={{
        background: `var(--mantine-color-${BAND_COLORS[band]}-1)`,
        borderLeft: `4px solid var(--mantine-color-${BAND_COLORS[band]}-7)`,
        borderRadius: 4,
        whiteSpace: 'nowrap',
      }}
      data-band={band}
      data-testid={testId}
    >
      <Text component="span" size="sm" fw={600} c="dark.9">
        {rate === null ? t('reports.noneExpected') : format.percent(rate)}
      </Text>
      <span className="visually-hidden"> ({t(`reports.bands.${band}`)})</span>
    </Box>
  );
}
