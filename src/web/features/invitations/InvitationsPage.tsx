import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Empty, Flex, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { CursorPager, useCursorStack } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { RATING_CHANNELS } from '../rules/rulesApi';
import { InvitationLink } from './InvitationLink';
import {
  ATTEMPT_COLORS,
  INVITATION_COLORS,
  INVITATION_SOURCES,
  INVITATION_STATUSES,
  type InvitationFilters,
  type InvitationListItem,
} from './invitationsApi';

const PAGE_SIZE = 50;

/** The picker hands back dayjs objects; only `toISOString` is needed, so no direct dayjs import. */
type Instant = { toISOString(): string } | null;

/** Every rating invitation, newest first, with filters and cursor paging (GET /invitations). */
export function InvitationsPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const [filters, setFilters] = useState<InvitationFilters>({});
  const pages = useCursorStack();

  const list = useQuery({
    queryKey: ['invitations', filters, pages.cursor],
    queryFn: () =>
      ok(
        client.GET('/invitations', {
          // Masked links: revealing one is an explicit, audited "Copy link".
          params: { query: { limit: PAGE_SIZE, cursor: pages.cursor, links: 'masked', ...filters } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const update = (patch: Partial<InvitationFilters>) => {
    setFilters((old) => ({ ...old, ...patch }));
    pages.reset();
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.invitations')}
      </Typography.Title>
      <Card>
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            data-testid="invitations-search"
            style={{ width: 260 }}
            placeholder={t('invitations.searchPlaceholder')}
            onSearch={(q) => update({ q: q.trim() || undefined })}
          />
          <Select
            allowClear
            data-testid="invitations-status"
            style={{ width: 150 }}
            placeholder={t('invitations.status')}
            value={filters.status}
            onChange={(status?: InvitationFilters['status']) => update({ status })}
            options={INVITATION_STATUSES.map((s) => ({ value: s, label: t(`workOrders.invitations.statuses.${s}`) }))}
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
            onChange={(range) => {
              const [from, to] = (range ?? [null, null]) as [Instant, Instant];
              update({ from: from?.toISOString(), to: to?.toISOString() });
            }}
          />
        </Flex>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Table<InvitationListItem>
              data-testid="invitations-list"
              rowKey="id"
              size="middle"
              loading={list.isFetching}
              dataSource={list.data?.items ?? []}
              pagination={false}
              scroll={{ x: 1200 }}
              locale={{ emptyText: <Empty description={t('invitations.empty')} /> }}
              columns={[
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
                  render: (status: string) => (
                    <Tag color={INVITATION_COLORS[status] ?? 'default'}>
                      {t(`workOrders.invitations.statuses.${status}`, { defaultValue: status })}
                    </Tag>
                  ),
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
              ]}
            />
            <CursorPager
              pages={pages}
              nextCursor={list.data?.nextCursor}
              stale={list.isPlaceholderData}
              testIdPrefix="invitations"
            />
          </>
        )}
      </Card>
    </Space>
  );
}
