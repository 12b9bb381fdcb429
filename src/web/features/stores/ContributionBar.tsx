import { Flex, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../../../common/scoring/round';
import { useChartTheme } from '../../components/charts/EChart';
import { type StoreTouchpoint, touchpointLabel } from './storesApi';

/**
 * The store score as a stacked bar on a 0–100 scale: one segment per touchpoint, its length the touchpoint's
 * contribution (they add up to the score). Plain elements, not a chart: one per table row stays cheap.
 */
export function ContributionBar({ touchpoints }: { touchpoints: StoreTouchpoint[] }) {
  const { t, i18n } = useTranslation();
  const { palette, border } = useChartTheme();
  const parts = touchpoints.filter((p) => p.contribution !== null);
  const text = (p: StoreTouchpoint) =>
    t('stores.contributionItem', {
      name: touchpointLabel(p, i18n.language, t('stores.noTouchpoint')),
      contribution: formatScore(p.contribution),
      score: formatScore(p.score),
      weight: p.weight,
    });
  const label = parts.map(text).join('; ');
  if (parts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip
      title={
        <Flex vertical>
          {parts.map((p) => (
            <span key={p.key}>{text(p)}</span>
          ))}
        </Flex>
      }
    >
      <div
        role="img"
        aria-label={label}
        data-testid="store-contributions"
        style={{ display: 'flex', width: '100%', minWidth: 120, height: 12, background: border, borderRadius: 2 }}
      >
        {parts.map((p, i) => (
          <div
            key={p.key}
            style={{
              width: `${Math.max(0, Math.min(100, p.contribution ?? 0))}%`,
              background: palette[touchpoints.indexOf(p) % palette.length] ?? palette[i % palette.length],
              borderRight: '1px solid white',
            }}
          />
        ))}
      </div>
    </Tooltip>
  );
}
