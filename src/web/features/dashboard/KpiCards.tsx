import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined, StarFilled } from '@ant-design/icons';
import { Card, Col, Flex, Row, Skeleton, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import type { DrillDown } from './analyticsApi';

/** The figures a KPI card reads (GET /analytics/summary, this period and the previous one). */
export interface KpiFigures {
  count: number;
  averageScore: number | null;
  averageStars: number | null;
  csat: number | null;
  nps: number | null;
  negativeCount: number;
  responseRate: number | null;
}

export type KpiKey = Exclude<keyof KpiFigures, 'averageStars'>;

interface KpiSpec {
  key: KpiKey;
  /** Negatives: fewer is better. */
  higherIsBetter: boolean;
  kind: 'count' | 'score' | 'percent';
  /** What the card's ratings list adds to the filters. */
  drill: DrillDown;
}

export const KPIS: readonly KpiSpec[] = [
  { key: 'count', higherIsBetter: true, kind: 'count', drill: {} },
  { key: 'averageScore', higherIsBetter: true, kind: 'score', drill: {} },
  { key: 'csat', higherIsBetter: true, kind: 'percent', drill: { class: 'satisfied' } },
  { key: 'nps', higherIsBetter: true, kind: 'score', drill: {} },
  { key: 'negativeCount', higherIsBetter: false, kind: 'count', drill: { negative: true } },
  { key: 'responseRate', higherIsBetter: true, kind: 'percent', drill: {} },
];

/** The change against the previous period and whether it is good news (null: nothing to compare). */
export function kpiDelta(spec: KpiSpec, current: number | null, previous: number | null) {
  if (current === null || previous === null) return null;
  const change = current - previous;
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const good = direction === 'flat' ? null : change > 0 === spec.higherIsBetter;
  const relative = spec.kind === 'count' && previous !== 0 ? (change / previous) * 100 : null;
  return { change, direction, good, relative } as const;
}

function useKpiFormat() {
  const { i18n } = useTranslation();
  const integer = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 });
  return (kind: KpiSpec['kind'], value: number | null, signed = false): string => {
    if (value === null) return '—';
    const sign = signed && value > 0 ? '+' : '';
    if (kind === 'count') return sign + integer.format(value);
    const text = sign + formatScore(value);
    return kind === 'percent' ? `${text}%` : text;
  };
}

function Delta({ spec, current, previous }: { spec: KpiSpec; current: number | null; previous: number | null }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const format = useKpiFormat();
  const delta = kpiDelta(spec, current, previous);
  if (!delta) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('analytics.kpi.noPrevious')}
      </Typography.Text>
    );
  }
  // Dark enough for small text on white (WCAG AA 4.5:1): green-8 and red-7, not the lighter status colours.
  const color = delta.good === null ? token.colorTextSecondary : delta.good ? token['green-8'] : token['red-7'];
  const Icon =
    delta.direction === 'up' ? ArrowUpOutlined : delta.direction === 'down' ? ArrowDownOutlined : MinusOutlined;
  const amount =
    spec.kind === 'percent'
      ? t('analytics.kpi.points', { value: format('score', delta.change, true) })
      : format(spec.kind, delta.change, true);
  const relative = delta.relative === null ? '' : ` (${format('score', delta.relative, true)}%)`;
  return (
    <Typography.Text
      style={{ color, fontSize: 12 }}
      data-testid={`kpi-${spec.key}-delta`}
      data-good={String(delta.good)}
    >
      <Icon aria-hidden /> {t('analytics.kpi.vsPrevious', { change: `${amount}${relative}` })}
    </Typography.Text>
  );
}

/**
 * The six KPI cards: the period's figure, the change against the previous period of the same length (green when it
 * is good news, red when not; fewer negatives is good), each a link to the ratings behind it.
 */
export function KpiCards({
  current,
  previous,
  loading,
  linkOf,
}: {
  current: KpiFigures | undefined;
  previous: KpiFigures | undefined;
  loading: boolean;
  linkOf: (drill: DrillDown) => string;
}) {
  const { t } = useTranslation();
  const format = useKpiFormat();
  return (
    <Row gutter={[16, 16]} data-testid="kpi-cards">
      {KPIS.map((spec) => {
        const value = current ? current[spec.key] : null;
        const label = t(`analytics.kpi.${spec.key}`);
        return (
          <Col key={spec.key} xs={24} sm={12} lg={8} xxl={4}>
            <Link
              to={linkOf(spec.drill)}
              data-testid={`kpi-${spec.key}`}
              // Named by its visible text (label, value, change): an aria-label would hide what is seen.
              title={t('analytics.kpi.open', { label, value: format(spec.kind, value) })}
              style={{ display: 'block', height: '100%' }}
            >
              <Card hoverable size="small" style={{ height: '100%' }}>
                {loading || !current ? (
                  <Skeleton active paragraph={{ rows: 1 }} title={{ width: '60%' }} />
                ) : (
                  <Flex vertical gap={4}>
                    <Typography.Text type="secondary">{label}</Typography.Text>
                    <Flex align="baseline" gap={8} wrap>
                      <Typography.Text
                        strong
                        style={{ fontSize: 26, lineHeight: 1.2 }}
                        data-testid={`kpi-${spec.key}-value`}
                      >
                        {format(spec.kind, value)}
                      </Typography.Text>
                      {spec.key === 'averageScore' ? (
                        <Typography.Text type="secondary" data-testid="kpi-averageStars">
                          <StarFilled style={{ color: '#d48806' }} aria-hidden /> {formatScore(current.averageStars)}
                        </Typography.Text>
                      ) : null}
                    </Flex>
                    <Delta spec={spec} current={value} previous={previous ? previous[spec.key] : null} />
                  </Flex>
                )}
              </Card>
            </Link>
          </Col>
        );
      })}
    </Row>
  );
}
