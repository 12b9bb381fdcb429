import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Grid, Progress, Tag } from 'antd';
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

/**
 * Analytics → My exports: the caller's exports, newest first, with progress (refreshed while one runs) and links.
 * On a phone the table keeps what, its state and the download (a "Download" button instead of the long file name);
 * format, progress and dates come back from `sm` / `md` up.
 */
export function ExportsPage() {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().sm === false;
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
        scroll: { x: 'max-content' },
        columns: [
          {
            title: t('exports.kind'),
            dataIndex: 'kind',
            key: 'kind',
            // On a phone the format column is hidden: the format follows the data's name ("Ratings · CSV").
            render: (kind: string, job) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                {t(`exports.kinds.${kind}`)}
                {phone ? ` · ${t(`exports.${job.format}`)}` : null}
              </span>
            ),
          },
          {
            title: t('exports.format'),
            dataIndex: 'format',
            key: 'format',
            responsive: ['sm'],
            render: (f: string) => t(`exports.${f}`),
          },
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
            responsive: ['sm'],
            render: (_, job) =>
              job.status === 'failed' ? (
                exportErrorText(t, job.error)
              ) : (
                <Progress percent={exportPercent(job)} size="small" aria-label={t('exports.progress')} />
              ),
          },
          {
            title: t('exports.created'),
            dataIndex: 'createdAt',
            key: 'createdAt',
            responsive: ['md'],
            render: formatDate,
          },
          {
            title: t('exports.expires'),
            dataIndex: 'expiresAt',
            key: 'expiresAt',
            responsive: ['md'],
            render: formatDate,
          },
          {
            title: t('exports.download'),
            key: 'download',
            render: (_, job) =>
              job.status === 'succeeded' ? (
                <Button
                  type="link"
                  href={exportDownloadUrl(job.id)}
                  icon={phone ? <DownloadOutlined /> : undefined}
                  title={job.fileName ?? undefined}
                  data-testid={`exports-download-${job.id}`}
                >
                  {phone ? t('exports.download') : job.fileName}
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
