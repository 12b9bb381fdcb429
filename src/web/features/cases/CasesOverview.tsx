import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';
import { ErrorState } from '../../components/ErrorState';
import { type CaseFilters, caseKeys, durationText, type TeamFigures } from './casesApi';

/**
 * The supervisor's overview above the case list (GET /cases/overview, the list's department filter applied): open,
 * overdue, the average working time to first contact, and SLA breaches per team as stacked bars (first contact,
 * resolution); a bar (or a row of its table) filters the list to that team.
 */
export function CasesOverview({
  departmentId,
  update,
}: {
  departmentId: string | undefined;
  update: (patch: Partial<CaseFilters>) => void;
}) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const query = { departmentId };
  const overview = useQuery({
    queryKey: caseKeys.overview(query),
    queryFn: () => ok(client.GET('/cases/overview', { params: { query } })),
  });
  const teamName = (row: TeamFigures) => row.departmentName ?? t('cases.overview.noDepartment');
  // The teams with a breach or an overdue case, at most 12 (the table lists them all).
  const teams = useMemo(
    () => (overview.data?.byTeam ?? []).filter((row) => row.breached > 0 || row.overdue > 0).slice(0, 12),
    [overview.data],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: { color: chartTheme.textSecondary } },
      xAxis: {
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: chartTheme.border } },
        axisLabel: { color: chartTheme.textSecondary },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: teams.map((row) => row.departmentName ?? t('cases.overview.noDepartment')),
        axisLabel: { color: chartTheme.textSecondary, width: 120, overflow: 'truncate' },
        axisLine: { lineStyle: { color: chartTheme.border } },
      },
      series: [
        {
          name: t('cases.overview.firstContactBreaches'),
          type: 'bar',
          stack: 'breaches',
          barMaxWidth: 24,
          cursor: 'pointer',
          itemStyle: { color: chartTheme.warning },
          data: teams.map((row) => row.firstContactBreaches),
        },
        {
          name: t('cases.overview.resolutionBreaches'),
          type: 'bar',
          stack: 'breaches',
          barMaxWidth: 24,
          cursor: 'pointer',
          itemStyle: { color: chartTheme.error },
          data: teams.map((row) => row.resolutionBreaches),
        },
      ],
    }),
    [teams, chartTheme, t],
  );

  if (overview.isError) {
    return (
      <Card>
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      </Card>
    );
  }
  const data = overview.data;
  const figure = (key: string, title: string, value: string | number, danger = false) => (
    <Col xs={12} md={6} key={key}>
      <Card size="small" data-testid={`cases-overview-${key}`} style={{ height: '100%' }}>
        {data ? (
          <Statistic
            title={title}
            value={value}
            styles={{ content: { color: danger ? chartTheme.error : undefined, fontSize: 22 } }}
          />
        ) : (
          <Skeleton active paragraph={false} />
        )}
      </Card>
    </Col>
  );
  const average = data?.averageFirstContactMs;
  return (
    <Row gutter={[12, 12]} data-testid="cases-overview">
      {figure('open', t('cases.overview.open'), data?.open ?? 0)}
      {figure('overdue', t('cases.overview.overdue'), data?.overdue ?? 0, (data?.overdue ?? 0) > 0)}
      {figure(
        'firstContact',
        t('cases.overview.averageFirstContact'),
        average === null || average === undefined ? '—' : durationText(t, average),
      )}
      {figure('breached', t('cases.overview.breached'), data?.breached ?? 0, (data?.breached ?? 0) > 0)}
      <Col span={24}>
        <Card size="small" title={t('cases.overview.byTeam')} data-testid="cases-breaches-card">
          {!data ? (
            <Skeleton active />
          ) : teams.length === 0 ? (
            <Typography.Text type="secondary" data-testid="cases-no-breaches">
              {t('cases.overview.noBreaches')}
            </Typography.Text>
          ) : (
            <EChart
              data-testid="cases-breaches-chart"
              option={option}
              height={Math.max(140, 48 + teams.length * 34)}
              summary={t('cases.overview.summary', {
                teams: teams.map((row) => `${teamName(row)} ${row.breached}`).join(', '),
              })}
              onItemClick={({ dataIndex }) => {
                const row = teams[dataIndex];
                if (row?.departmentId) update({ departmentId: row.departmentId });
              }}
              table={
                <Table<TeamFigures>
                  size="small"
                  rowKey={(row) => row.departmentId ?? 'none'}
                  pagination={false}
                  scroll={{ x: 520 }}
                  dataSource={data.byTeam}
                  columns={[
                    {
                      title: t('cases.columns.department'),
                      key: 'team',
                      render: (_, row) =>
                        row.departmentId ? (
                          <Typography.Link onClick={() => update({ departmentId: row.departmentId ?? undefined })}>
                            {teamName(row)}
                          </Typography.Link>
                        ) : (
                          teamName(row)
                        ),
                    },
                    { title: t('cases.overview.open'), dataIndex: 'open', align: 'right' },
                    { title: t('cases.overview.overdue'), dataIndex: 'overdue', align: 'right' },
                    {
                      title: t('cases.overview.firstContactBreaches'),
                      dataIndex: 'firstContactBreaches',
                      align: 'right',
                    },
                    { title: t('cases.overview.resolutionBreaches'), dataIndex: 'resolutionBreaches', align: 'right' },
                    { title: t('cases.overview.total'), dataIndex: 'total', align: 'right' },
                  ]}
                />
              }
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
