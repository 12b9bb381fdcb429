import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Progress, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { ListPage } from '../../components/ListPage';
import { useListState } from '../../components/useListState';
import {
  type ExportJob,
  exportDownloadUrl,
  exportErrorText,
  exportKeys,
  exportPercent,
  isFinished,
} from './exportsApi';

const PAGE_SIZE = 20;
const STATUS_COLOURS = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  expired: 'default',
};

/** Analytics → My exports: the caller's exports, newest first, with progress (refreshed while one runs) and links. */
export function ExportsPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { pages } = useListState<Record<string, never>>({ filters: {} });
  const query = { limit: PAGE_SIZE, cursor: pages.cursor };
  const list = useQuery({
    queryKey: exportKeys.list(query),
    queryFn: () => ok(client.GET('/exports', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((e) => !isFinished(e)) ? 1000 : false),
  });

  return (
    <ListPage<ExportJob>
      title={t('nav.exports')}
      query={list}
      pages={pages}
      tableTestId="exports-table"
      testIdPrefix="exports"
      emptyText={t('exports.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 900 },
        columns: [
          {
            title: t('exports.kind'),
            dataIndex: 'kind',
            key: 'kind',
            render: (kind: string) => t(`exports.kinds.${kind}`),
          },
          { title: t('exports.format'), dataIndex: 'format', key: 'format', render: (f: string) => t(`exports.${f}`) },
          {
            title: t('exports.status'),
            dataIndex: 'status',
            key: 'status',
            render: (status: ExportJob['status'], job) => (
              <Tag
                color={STATUS_COLOURS[status]}
                title={status === 'failed' ? exportErrorText(t, job.error) : undefined}
              >
                {t(`exports.statuses.${status}`)}
              </Tag>
            ),
          },
          {
            title: t('exports.progress'),
            key: 'progress',
            width: 180,
            render: (_, job) =>
              job.status === 'failed' ? (
                exportErrorText(t, job.error)
              ) : (
                <Progress percent={exportPercent(job)} size="small" aria-label={t('exports.progress')} />
              ),
          },
          { title: t('exports.created'), dataIndex: 'createdAt', key: 'createdAt', render: formatDate },
          { title: t('exports.expires'), dataIndex: 'expiresAt', key: 'expiresAt', render: formatDate },
          {
            title: t('exports.download'),
            key: 'download',
            render: (_, job) =>
              job.status === 'succeeded' ? (
                <Button type="link" href={exportDownloadUrl(job.id)} data-testid={`exports-download-${job.id}`}>
                  {job.fileName}
                </Button>
              ) : (
                '—'
              ),
          },
        ],
      }}
    />
  );
}
