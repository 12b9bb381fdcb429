import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Radio, Space, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';

import type { EmployeeImport, ImportError } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { CSV_HEADER, downloadText, employeeCsvTemplate } from './csvTemplate';

type ImportMode = 'all_or_nothing' | 'valid_rows';

export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [jobId, setJobId] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const job = useQuery({
    queryKey: ['employee-imports', jobId],
    queryFn: () => ok(client.GET('/employee-imports/{id}', { params: { path: { id: jobId ?? '' } } })),
    enabled: jobId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'succeeded' || status === 'failed' ? false : 500;
    },
  });
  const status = job.data?.status;
  const finished = status === 'succeeded' || status === 'failed';

  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: ['employees'] });
  }, [finished, queryClient]);

  const reset = () => {
    setFile(null);
    setJobId(null);
    setMode('all_or_nothing');
  };
  const close = () => {
    reset();
    onClose();
  };

  const start = async () => {
    if (!file) return;
    setSubmitting(true);
    try {
      const created = await ok(client.POST('/employee-imports', { body: { csv: file.text, mode } }));
      queryClient.setQueryData(['employee-imports', created.id], created);
      setJobId(created.id);
    } catch (error) {
      onError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const result = job.data;
  const percent = result && result.total > 0 ? Math.round((result.processed / result.total) * 100) : finished ? 100 : 0;

  return (
    <Modal
      open={open}
      width={720}
      title={t('import.title')}
      onCancel={close}
      destroyOnHidden
      footer={
        jobId ? (
          <Space>
            {finished ? <Button onClick={reset}>{t('import.another')}</Button> : null}
            <Button type="primary" onClick={close} data-testid="import-close">
              {t('common.close')}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={!file} loading={submitting} onClick={start} data-testid="import-start">
              {t('import.start')}
            </Button>
          </Space>
        )
      }
    >
      {jobId === null ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {t('import.headerHint')} <Typography.Text code>{CSV_HEADER}</Typography.Text>{' '}
            <Typography.Link onClick={() => downloadText('employees-template.csv', employeeCsvTemplate())}>
              {t('import.downloadTemplate')}
            </Typography.Link>
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('import.rolesHint')}</Typography.Text>
          <Upload.Dragger
            accept=".csv,text/csv"
            maxCount={1}
            data-testid="import-file"
            fileList={file ? [{ uid: 'csv', name: file.name, status: 'done' }] : []}
            onRemove={() => setFile(null)}
            beforeUpload={(picked) => {
              void picked.text().then((text) => setFile({ name: picked.name, text }));
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.pick')}</p>
          </Upload.Dragger>
          <Radio.Group value={mode} onChange={(event) => setMode(event.target.value as ImportMode)}>
            <Space orientation="vertical">
              <Radio value="all_or_nothing" data-testid="import-mode-all">
                {t('import.modeAll')}
              </Radio>
              <Radio value="valid_rows" data-testid="import-mode-valid">
                {t('import.modeValid')}
              </Radio>
            </Space>
          </Radio.Group>
        </Space>
      ) : (
        <ImportProgress job={result} percent={percent} mode={result?.mode ?? mode} error={job.error} />
      )}
    </Modal>
  );
}

function ImportProgress({
  job,
  percent,
  mode,
  error,
}: {
  job: EmployeeImport | undefined;
  percent: number;
  mode: ImportMode;
  error: unknown;
}) {
  const { t } = useTranslation();
  const finished = job?.status === 'succeeded' || job?.status === 'failed';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-progress">
      <Progress
        percent={percent}
        status={job?.status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
        format={() => `${job?.processed ?? 0} / ${job?.total ?? 0}`}
      />
      {error ? <Alert type="error" showIcon title={t('import.pollFailed')} /> : null}
      {!finished ? <Typography.Text>{t(`import.status.${job?.status ?? 'queued'}`)}</Typography.Text> : null}
      {finished && job ? (
        <Alert
          data-testid="import-result"
          type={
            job.status === 'succeeded' && job.errors.length === 0 ? 'success' : job.imported > 0 ? 'warning' : 'error'
          }
          showIcon
          title={t('import.imported', { count: job.imported })}
          description={
            job.status === 'failed' && mode === 'all_or_nothing' && job.errors.length > 0
              ? t('import.nothingImported')
              : job.errors.length > 0
                ? t('import.someSkipped', { count: job.errors.length })
                : undefined
          }
        />
      ) : null}
      {job && job.errors.length > 0 ? (
        <Table<ImportError>
          size="small"
          data-testid="import-errors"
          rowKey={(row) => `${row.line}-${row.field ?? ''}-${row.message}`}
          dataSource={job.errors}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('import.line'), dataIndex: 'line', key: 'line', width: 80 },
            { title: t('import.field'), dataIndex: 'field', key: 'field', width: 140, render: (v) => v ?? '—' },
            { title: t('import.message'), dataIndex: 'message', key: 'message' },
          ]}
        />
      ) : null}
    </Space>
  );
}
