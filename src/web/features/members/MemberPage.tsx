import { ShareAltOutlined, TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Card, Col, Descriptions, Flex, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { type Answer, client, ok } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { type UrlSpec, urlParam, useListState } from '../../components/useListState';
import { PeriodFilter } from '../dashboard/AnalyticsFilterBar';
import {
  type AnalyticsFilters,
  analyticsFiltersUrl,
  analyticsKeys,
  type DrillDown,
  periodOf,
  ratingsLink,
} from '../dashboard/analyticsApi';
import { KpiCards } from '../dashboard/KpiCards';
import { GRANULARITIES, type Granularity, type Range } from '../dashboard/period';
import { TrendChart } from '../dashboard/TrendChart';
import { WithOrganisationToday } from '../dashboard/useAnalyticsScope';
import { DriftChart } from '../insights/DriftChart';
import { DriversPanel } from '../insights/DriversPanel';
import { MemberRatings } from './MemberRatings';
import { ProfileRadar } from './ProfileRadar';

export type MemberProfile = Answer<'/analytics/members/{by}/{id}'>;
export type MemberBy = MemberProfile['by'];

/** The page's URL state: the period, the trend's granularity, and what the ratings list below shows. */
export interface MemberFilters extends Pick<AnalyticsFilters, 'period' | 'from' | 'to'> {
  granularity?: Granularity;
  class?: 'negative' | 'neutral' | 'satisfied' | 'none';
  negative?: 'true' | 'false';
}
const memberFiltersUrl: UrlSpec<MemberFilters> = {
  period: analyticsFiltersUrl.period!,
  from: analyticsFiltersUrl.from!,
  to: analyticsFiltersUrl.to!,
  granularity: urlParam.oneOf(GRANULARITIES),
  class: urlParam.oneOf(['negative', 'neutral', 'satisfied', 'none'] as const),
  negative: urlParam.oneOf(['true', 'false'] as const),
};

/** The member as an analytics filter. */
const memberQuery = (by: MemberBy, id: string) => (by === 'engineer' ? { engineerId: id } : { departmentId: id });

/** Analytics → an engineer's or a department's page (`/analytics/engineers/:id`, `/analytics/departments/:id`). */
export function MemberPage({ by }: { by: MemberBy }) {
  const { id = '' } = useParams();
  return (
    <WithOrganisationToday>{(today) => <Member by={by} id={id} today={today} self={false} />}</WithOrganisationToday>
  );
}

/** My report (`/my-report`): the engineer's own page, the only one they may open. */
export function MyReportPage() {
  const { session } = useAuth();
  const id = session?.user.employeeId ?? '';
  return (
    <WithOrganisationToday>{(today) => <Member by="engineer" id={id} today={today} self />}</WithOrganisationToday>
  );
}

function Member({ by, id, today, self }: { by: MemberBy; id: string; today: string; self: boolean }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { filters, update } = useListState<MemberFilters>({ filters: memberFiltersUrl });
  const range: Range = periodOf(filters, today, 'last30') ?? { from: today, to: today };
  const query = {
    from: range.from,
    to: range.to,
    ...(filters.granularity ? { granularity: filters.granularity } : {}),
  };
  const profile = useQuery({
    queryKey: [...analyticsKeys.all, 'member', by, id, query],
    queryFn: () => ok(client.GET('/analytics/members/{by}/{id}', { params: { path: { by, id }, query } })),
    placeholderData: (previous) => previous,
    enabled: Boolean(id),
  });
  const data = profile.data;
  const memberFilter: AnalyticsFilters =
    by === 'engineer' ? { engineerId: id, engineerLabel: data?.name || undefined } : { departmentId: id };
  // The ratings behind a number: the ratings page for those who may open it, else this page's own list below.
  const linkOf = (drill: DrillDown) => {
    if (!self) return ratingsLink(memberFilter, range, drill);
    const params = new URLSearchParams(window.location.search);
    params.delete('class');
    params.delete('negative');
    if (drill.class) params.set('class', drill.class);
    if (drill.negative !== undefined) params.set('negative', String(drill.negative));
    return `?${params.toString()}#member-ratings`;
  };
  const title = self ? t('members.myTitle') : (data?.name ?? '…');

  if (profile.isError && !data) {
    return <ErrorState error={profile.error} onRetry={() => profile.refetch()} />;
  }
  return (
    <Flex vertical gap={16} data-testid="member-page">
      {self ? null : (
        <Breadcrumb
          items={[{ title: <Link to="/analytics/rankings">{t('rankings.title')}</Link> }, { title: data?.name ?? '…' }]}
        />
      )}
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size={8} wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="member-name">
            {title}
          </Typography.Title>
          {data?.kind ? <Tag>{t(`rankings.kinds.${data.kind}`)}</Tag> : null}
        </Space>
        {data?.asOf ? (
          <Typography.Text type="secondary" data-testid="as-of">
            {t('analytics.dashboard.asOf', { time: formatDate(data.asOf) })}
          </Typography.Text>
        ) : null}
      </Flex>
      <PeriodFilter filters={filters} update={update} range={range} />
      <StandingCard profile={data} loading={profile.isLoading} />
      <KpiCards current={data?.figures} previous={data?.previousFigures ?? undefined} loading={!data} linkOf={linkOf} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <ProfileRadar profile={data} loading={profile.isLoading} />
        </Col>
        <Col xs={24} xl={14}>
          <TrendChart
            points={(data?.trend ?? []).map((point) => ({ ...point, start: point.bucket }))}
            granularity={data?.granularity ?? 'day'}
            automatic={!filters.granularity}
            onGranularity={(granularity) => update({ granularity })}
            bucketLink={(point) => {
              const bucket = data?.trend.find((p) => p.bucket === point.start);
              const period = bucket ? { from: bucket.from, to: bucket.to } : range;
              return self ? linkOf({}) : ratingsLink(memberFilter, period);
            }}
            loading={profile.isLoading}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        {self ? null : (
          <Col xs={24} xl={12}>
            <DriversPanel query={{ from: range.from, to: range.to, ...memberQuery(by, id) }} />
          </Col>
        )}
        <Col xs={24} xl={self ? 24 : 12}>
          <Card title={t('members.drift')} data-testid="member-drift" style={{ height: '100%' }}>
            <DriftChart member={{ by, id }} />
          </Card>
        </Col>
      </Row>
      <MemberRatings
        by={by}
        id={id}
        range={range}
        drill={{
          class: filters.class,
          negative: filters.negative === undefined ? undefined : filters.negative === 'true',
        }}
        onClear={() => update({ class: undefined, negative: undefined })}
        allLink={self ? null : ratingsLink(memberFilter, range)}
      />
    </Flex>
  );
}

/** Where the member stands: the fair rank (or why not ranked), the band, n, the change, and shared ratings. */
function StandingCard({ profile, loading }: { profile: MemberProfile | undefined; loading: boolean }) {
  const { t } = useTranslation();
  if (!profile) return <Card loading={loading} />;
  const { standing, previous } = profile;
  const change = previous && previous.rank !== null && standing.rank !== null ? previous.rank - standing.rank : null;
  return (
    <Card size="small" data-testid="member-standing">
      {standing.insufficientSample ? (
        <Alert
          type="info"
          showIcon
          data-testid="member-insufficient"
          message={t('members.insufficient', { n: standing.n, minSample: profile.minSample })}
        />
      ) : null}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        style={{ marginTop: standing.insufficientSample ? 12 : 0 }}
        items={[
          {
            key: 'rank',
            label: (
              <Space size={4}>
                <TrophyOutlined aria-hidden />
                {t('rankings.rank')}
              </Space>
            ),
            children:
              standing.rank === null ? (
                <Tag>{t('rankings.insufficient')}</Tag>
              ) : (
                <Typography.Text strong data-testid="member-rank">
                  {t('members.rankOf', { rank: standing.rank, of: standing.ranked })}
                  {change === null ? null : change === 0 ? (
                    <Typography.Text type="secondary"> · {t('rankings.same')}</Typography.Text>
                  ) : change > 0 ? (
                    <Typography.Text type="success"> · {t('rankings.up', { count: change })}</Typography.Text>
                  ) : (
                    <Typography.Text type="danger"> · {t('rankings.down', { count: -change })}</Typography.Text>
                  )}
                </Typography.Text>
              ),
          },
          {
            key: 'score',
            label: <Tooltip title={t('members.scoreHelp')}>{t('rankings.score')}</Tooltip>,
            children: <span data-testid="member-score">{formatScore(standing.bayesian)}</span>,
          },
          {
            key: 'band',
            label: <Tooltip title={t('rankings.bandHelp')}>{t('rankings.band')}</Tooltip>,
            children: standing.band ? `${formatScore(standing.band.low)}–${formatScore(standing.band.high)}` : '—',
          },
          {
            key: 'n',
            label: t('members.n'),
            children: (
              <span data-testid="member-n">
                {standing.n}
                {profile.orgMean !== null ? (
                  <Typography.Text type="secondary">
                    {' '}
                    · {t('members.peerMean', { mean: formatScore(profile.orgMean) })}
                  </Typography.Text>
                ) : null}
              </span>
            ),
          },
        ]}
      />
      {profile.shared ? (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="member-shared">
          <ShareAltOutlined aria-hidden />{' '}
          {t('members.shared', { count: profile.shared, total: profile.figures.count })}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
