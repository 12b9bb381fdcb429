import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Skeleton, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../../../common/scoring/round';
import { type Answer, client, ok } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { durationText } from '../cases/casesApi';
import { analyticsKeys } from './analyticsApi';
import type { AnalyticsFilterQuery } from './analyticsQueries';

export type RecoverySummary = Answer<'/analytics/recovery'>;
type TeamRow = RecoverySummary['byTeam'][number];

/** The filter bar's label key of each filter the closed-loop figures do not apply (the API lists them). */
const FILTER_LABELS: Record<string, string> = {
  serviceTypeId: 'serviceType',
  engineerId: 'engineer',
  store: 'store',
  touchpoint: 'touchpoint',
  channel: 'channel',
  templateId: 'template',
  source: 'source',
};

/** GET /analytics/recovery: refetched with the other analytics queries (a re-rating invalidates `analyticsKeys.all`). */
export function useRecovery(query: AnalyticsFilterQuery) {
  return useQuery({
    queryKey: [...analyticsKeys.all, 'recovery', query] as const,
    queryFn: () => ok(client.GET('/analytics/recovery', { params: { query } })),
  });
}

const percent = (value: number | null) => (value === null ? '—' : `${formatScore(value)}%`);

/**
 * The closed loop on the dashboard (issue 17 §6): the recovery rate (recovered / re-invited, with the counts) and
 * the average working time to first contact over the cases opened in the period, then the same per team.
 */
export function RecoveryPanel({ query }: { query: AnalyticsFilterQuery }) {
  const { t } = useTranslation();
  const recovery = useRecovery(query);
  const data = recovery.data;
  const duration = (ms: number | null) => (ms === null ? '—' : durationText(t, ms));

  if (recovery.isError) {
    return (
      <Card title={t('recovery.title')}>
        <ErrorState error={recovery.error} onRetry={() => void recovery.refetch()} />
      </Card>
    );
  }
  const figure = (key: string, label: string, value: string, detail: string, help?: string) => (
    <Col xs={24} sm={12}>
      <Card size="small" style={{ height: '100%' }} data-testid={`recovery-${key}`}>
        <Typography.Text type="secondary">
          {help ? (
            <Tooltip title={help}>
              <span>{label}</span>
            </Tooltip>
          ) : (
            label
          )}
        </Typography.Text>
        <div>
          <Typography.Text strong style={{ fontSize: 26, lineHeight: 1.2 }} data-testid={`recovery-${key}-value`}>
            {value}
          </Typography.Text>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {detail}
        </Typography.Text>
      </Card>
    </Col>
  );
  const ignored = (data?.ignoredFilters ?? []).map((key) =>
    FILTER_LABELS[key] ? t(`analytics.filters.${FILTER_LABELS[key]}`) : key,
  );
  return (
    <Card title={t('recovery.title')} data-testid="recovery-panel">
      {!data ? (
        <Skeleton active />
      ) : (
        <Row gutter={[16, 16]}>
          <Col span={24}>
            <Typography.Text type="secondary">{t('recovery.hint')}</Typography.Text>
            {ignored.length > 0 ? (
              <Typography.Text type="secondary" data-testid="recovery-ignored">
                {' '}
                {t('recovery.ignored', { filters: ignored.join(', ') })}
              </Typography.Text>
            ) : null}
          </Col>
          {figure(
            'rate',
            t('recovery.rate'),
            percent(data.recoveryRate),
            t('recovery.rateDetail', { recovered: data.recovered, reinvited: data.reinvited }),
            t('recovery.rateHelp'),
          )}
          {figure(
            'firstContact',
            t('recovery.firstContact'),
            duration(data.averageFirstContactMs),
            t('recovery.firstContactDetail', { count: data.firstContacts }),
          )}
          <Col span={24}>
            <Table<TeamRow>
              size="small"
              data-testid="recovery-by-team"
              title={() => t('recovery.byTeam')}
              rowKey={(row) => row.departmentId ?? 'none'}
              dataSource={data.byTeam}
              pagination={false}
              scroll={{ x: true }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recovery.empty')} /> }}
              columns={[
                {
                  key: 'team',
                  title: t('recovery.team'),
                  render: (_, row) => row.departmentName ?? t('recovery.noDepartment'),
                },
                { key: 'cases', title: t('recovery.cases'), dataIndex: 'cases', align: 'right' },
                { key: 'reinvited', title: t('recovery.reinvited'), dataIndex: 'reinvited', align: 'right' },
                { key: 'recovered', title: t('recovery.recovered'), dataIndex: 'recovered', align: 'right' },
                {
                  key: 'rate',
                  title: t('recovery.rate'),
                  align: 'right',
                  render: (_, row) => percent(row.recoveryRate),
                },
                {
                  key: 'firstContact',
                  title: t('recovery.firstContact'),
                  align: 'right',
                  render: (_, row) => duration(row.averageFirstContactMs),
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
