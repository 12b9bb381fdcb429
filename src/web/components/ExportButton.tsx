import { DownloadOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Dropdown, Modal, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ExportKind } from '../../common/exports';
import { useApiError } from '../app/useApiError';
import {
  type ExportFilters,
  exportDownloadUrl,
  exportErrorText,
  exportKeys,
  exportPercent,
  fetchExport,
  isFinished,
  startExport,
} from '../features/exports/exportsApi';

export interface ExportButtonProps {
  /** The ratings list, or the dashboard table shown beside the button. */
  kind: ExportKind;
  /** The same filters the list or chart uses (the analytics query parameters). */
  filters: ExportFilters;
  disabled?: boolean;
  size?: 'small' | 'middle' | 'large';
}

/**
 * "Export" → CSV or Excel: asks the server for a background export, then follows it in a modal (a progress bar
 * polled every second) until its download link appears. The export also stays under Analytics → My exports.
 */
export function ExportButton({ kind, filters, disabled, size }: ExportButtonProps) {
  const { t, i18n } = useTranslation();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const job = useQuery({
    queryKey: exportKeys.detail(jobId ?? ''),
    queryFn: () => fetchExport(jobId ?? ''),
    enabled: jobId !== null,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : 1000),
  });
  const current = job.data;

  const start = async (format: ExportFormat) => {
    setStarting(true);
    try {
      const created = await startExport(kind, format, filters, i18n.language);
      queryClient.setQueryData(exportKeys.detail(created.id), created);
      void queryClient.invalidateQueries({ queryKey: exportKeys.all });
      setJobId(created.id);
    } catch (error) {
      onError(error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <Dropdown
        disabled={disabled}
        trigger={['click']}
        menu={{
          items: [
            { key: 'csv', icon: <FileTextOutlined />, label: t('exports.csv') },
            { key: 'xlsx', icon: <FileExcelOutlined />, label: t('exports.xlsx') },
          ],
          onClick: ({ key }) => void start(key as ExportFormat),
        }}
      >
        <Button icon={<DownloadOutlined />} loading={starting} size={size} data-testid={`export-${kind}`}>
          {t('exports.export')}
        </Button>
      </Dropdown>
      <Modal
        open={jobId !== null}
        title={t('exports.modalTitle')}
        onCancel={() => setJobId(null)}
        destroyOnHidden
        footer={
          // The download is the primary action once there is one; Close then steps back.
          <Button type={current?.status === 'succeeded' ? 'default' : 'primary'} onClick={() => setJobId(null)}>
            {t('common.close')}
          </Button>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="export-progress">
          {job.error ? <Alert type="error" showIcon title={t('exports.pollFailed')} /> : null}
          {current?.status === 'failed' ? (
            <Alert type="error" showIcon title={exportErrorText(t, current.error)} />
          ) : (
            <Progress
              percent={exportPercent(current)}
              status={current?.status === 'succeeded' ? 'success' : 'active'}
              aria-label={t('exports.progress')}
            />
          )}
          <Typography.Text type="secondary">
            {current?.status === 'succeeded'
              ? t('exports.ready', { count: current.processed })
              : t('exports.working', { processed: current?.processed ?? 0, total: current?.total ?? '…' })}
          </Typography.Text>
          {current?.status === 'succeeded' ? (
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              href={exportDownloadUrl(current.id)}
              data-testid="export-download"
            >
              {t('exports.download')}
            </Button>
          ) : null}
          <Typography.Text type="secondary">{t('exports.findLater')}</Typography.Text>
        </Space>
      </Modal>
    </>
  );
}
