import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DatePicker, Select, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { ListPage } from '../../components/ListPage';
import { SearchFilter } from '../../components/SearchFilter';
import { useListState } from '../../components/useListState';
import { RATING_CHANNELS } from '../rules/rulesApi';
import { InvitationLink } from './InvitationLink';
import { InvitationStatusTag } from './InvitationStatusTag';
import {
  ATTEMPT_COLORS,
  INVITATION_SOURCES,
  INVITATION_STATUSES,
  type InvitationFilters,
  type InvitationListItem,
  invitationFiltersUrl,
  invitationKeys,
} from './invitationsApi';

const PAGE_SIZE = 50;

/** Every rating invitation, newest first, with filters and cursor paging (GET /invitations). */
export function InvitationsPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { filters, update, pages } = useListState<InvitationFilters>({ filters: invitationFiltersUrl });

  // Masked links: revealing one is an explicit, audited "Copy link".
  const query = { limit: PAGE_SIZE, cursor: pages.cursor, links: 'masked' as const, ...filters };
  const list = useQuery({
    queryKey: invitationKeys.list(query),
    queryFn: () => ok(client.GET('/invitations', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const counts = useQuery({
    queryKey: invitationKeys.counts,
    queryFn: () => ok(client.GET('/invitations/counts')),
  });
  const failed = counts.data?.byStatus.failed;

  return (
    <ListPage<InvitationListItem>
      title={t('nav.invitations')}
      filters={
        <>
          <SearchFilter
            testId="invitations-search"
            width={260}
            placeholder={t('invitations.searchPlaceholder')}
            value={filters.q}
            onSearch={(q) => update({ q })}
          />
          <Select
            allowClear
            data-testid="invitations-status"
            style={{ width: 160 }}
            placeholder={t('invitations.status')}
            value={filters.status}
            onChange={(status?: InvitationFilters['status']) => update({ status })}
            options={INVITATION_STATUSES.map((s) => ({
              value: s,
              label:
                s === 'failed' && failed !== undefined
                  ? t('invitations.failedOption', { count: failed })
                  : t(`workOrders.invitations.statuses.${s}`),
            }))}
          />
          <Select
            allowClear
            data-testid="invitations-channel"
            style={{ width: 150 }}
            placeholder={t('invitations.channel')}
            value={filters.channel}
            onChange={(channel?: InvitationFilters['channel']) => update({ channel })}
            options={RATING_CHANNELS.map((c) => ({ value: c, label: t(`rules.channels.${c}`) }))}
          />
          <Select
            allowClear
            data-testid="invitations-source"
            style={{ width: 150 }}
            placeholder={t('invitations.source')}
            value={filters.source}
            onChange={(source?: InvitationFilters['source']) => update({ source })}
            options={INVITATION_SOURCES.map((s) => ({ value: s, label: t(`workOrders.invitations.sources.${s}`) }))}
          />
          <DatePicker.RangePicker
            showTime
            data-testid="invitations-range"
            value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
            onChange={(range) => update({ from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() })}
          />
        </>
      }
      query={list}
      pages={pages}
      tableTestId="invitations-list"
      testIdPrefix="invitations"
      emptyText={t('invitations.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 1200 },
        columns: [
          {
            title: t('invitations.workOrder'),
            key: 'workOrder',
            render: (_, row) =>
              row.workOrder ? (
                <Space orientation="vertical" size={0}>
                  <Link to={`/work-orders/${row.workOrder.id}`}>{row.workOrder.number}</Link>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }}>
                    {row.workOrder.subject}
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Text type="secondary">{row.workOrderId}</Typography.Text>
              ),
          },
          {
            title: t('invitations.status'),
            dataIndex: 'status',
            key: 'status',
            render: (_: string, row) => <InvitationStatusTag invitation={row} />,
          },
          {
            title: t('invitations.channels'),
            dataIndex: 'channels',
            key: 'channels',
            render: (channels: string[]) =>
              channels.map((c) => <Tag key={c}>{t(`rules.channels.${c}`, { defaultValue: c })}</Tag>),
          },
          {
            title: t('invitations.source'),
            dataIndex: 'source',
            key: 'source',
            render: (source: string) => t(`workOrders.invitations.sources.${source}`, { defaultValue: source }),
          },
          {
            title: t('invitations.link.title'),
            key: 'link',
            render: (_, row) => <InvitationLink invitation={row} />,
          },
          {
            title: t('invitations.lastAttempt'),
            key: 'lastAttempt',
            render: (_, row) => {
              const a = row.lastAttempt;
              if (!a) return <Typography.Text type="secondary">{t('invitations.noAttempt')}</Typography.Text>;
              const tag = (
                <Tag color={ATTEMPT_COLORS[a.status] ?? 'default'}>
                  {t(`rules.channels.${a.channel}`, { defaultValue: a.channel })} ·{' '}
                  {t(`invitations.results.${a.status}`)}
                </Tag>
              );
              const why = [
                a.errorKind ? t(`invitations.errorKinds.${a.errorKind}`, { defaultValue: a.errorKind }) : null,
                a.errorCode,
              ]
                .filter(Boolean)
                .join(' · ');
              return why ? (
                <Tooltip title={why}>
                  <span data-testid="last-attempt-error">{tag}</span>
                </Tooltip>
              ) : (
                tag
              );
            },
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: formatDate },
          { title: t('invitations.opened'), dataIndex: 'openedAt', key: 'openedAt', render: formatDate },
          {
            title: t('invitations.submitted'),
            dataIndex: 'firstSubmittedAt',
            key: 'firstSubmittedAt',
            render: formatDate,
          },
        ],
      }}
    />
  );
}
