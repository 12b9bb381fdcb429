import { Card, Empty, Grid, Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../../../common/scoring/round';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';
import { wrapLabel } from '../../components/charts/wrap-label';
import { useDimensionFormat } from '../dashboard/DimensionsPanel';
import type { MemberProfile } from './MemberPage';

/** Each scale's axis on the radar: the dimension's own range (SCORING.md §3), so no average is re-scaled. */
export const SCALE_RANGE: Record<string, { min: number; max: number }> = {
  star5: { min: 1, max: 5 },
  score10: { min: 1, max: 10 },
  nps: { min: 0, max: 10 },
  yes_no: { min: 0, max: 100 },
  single_choice: { min: 0, max: 100 },
};

/**
 * The per-dimension profile: the member's average on each dimension against the peers' (the organisation, or a
 * supervisor's departments), each axis in the dimension's own scale. "Show as table" lists the numbers.
 */
export function ProfileRadar({ profile, loading }: { profile: MemberProfile | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const format = useDimensionFormat();
  // On a phone the axis names need the room around a smaller radar (a long Chinese label was cut at the edge).
  const phone = Grid.useBreakpoint().md === false;
  const dimensions = profile?.dimensions ?? [];
  const name = profile?.name ?? '';
  const peers = t('members.peers');
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, textStyle: { color: chartTheme.textSecondary } },
      radar: {
        radius: phone ? '48%' : '62%',
        indicator: dimensions.map((d) => ({ name: d.label, ...(SCALE_RANGE[d.scale] ?? { min: 0, max: 100 }) })),
        axisName: {
          color: chartTheme.textSecondary,
          formatter: (name?: string) => wrapLabel(name ?? '', phone ? 11 : 20),
        },
      },
      series: [
        {
          type: 'radar',
          data: [
            {
              name,
              value: dimensions.map((d) => (d.average === null ? null : Number(formatScore(d.average)))),
              areaStyle: { opacity: 0.2 },
            },
            {
              name: peers,
              value: dimensions.map((d) => (d.peerAverage === null ? null : Number(formatScore(d.peerAverage)))),
              lineStyle: { type: 'dashed' },
            },
          ],
        },
      ],
    }),
    [dimensions, name, peers, chartTheme, phone],
  );
  const weakest = [...dimensions]
    .filter((d) => d.average !== null && d.peerAverage !== null)
    .map((d) => {
      const range = SCALE_RANGE[d.scale] ?? { min: 0, max: 100 };
      return { d, gap: ((d.average! - d.peerAverage!) / (range.max - range.min)) * 100 };
    })
    .sort((a, b) => a.gap - b.gap)[0];
  return (
    <Card title={t('members.profile')} loading={loading} data-testid="member-radar" style={{ height: '100%' }}>
      {dimensions.length === 0 ? (
        <Empty description={t('members.noDimensions')} />
      ) : (
        <EChart
          option={option}
          height={300}
          summary={t('members.radarSummary', {
            count: dimensions.length,
            weakest: weakest && weakest.gap < 0 ? weakest.d.label : '—',
          })}
          data-testid="member-radar-chart"
          table={
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              columns={[
                { title: t('members.dimension'), dataIndex: 'label', key: 'label' },
                { title: name, dataIndex: 'mine', key: 'mine', align: 'right' },
                { title: peers, dataIndex: 'peers', key: 'peers', align: 'right' },
                { title: t('members.answers'), dataIndex: 'count', key: 'count', align: 'right' },
              ]}
              dataSource={dimensions.map((d) => ({
                key: d.key,
                label: d.label,
                mine: format(d.scale, d.average),
                peers: format(d.scale, d.peerAverage),
                count: d.count,
              }))}
            />
          }
        />
      )}
    </Card>
  );
}
