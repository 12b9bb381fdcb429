import { InboxOutlined } from '@ant-design/icons';
import { type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Progress, Radio, Segmented, Space, Table, Typography, Upload } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../app/useApiError';
import { type CsvImportError, type CsvImportJob, downloadText, type ImportMode, importErrorText } from './csvImport';

/** One CSV import: where it goes and what the user needs to know to fill the file. */
export interface CsvImportConfig<J extends CsvImportJob> {
  title: string;
  /** Query key prefix of the job (`['employee-imports']`); the job id is appended. */
  jobKey: string;
  /** Lists to refresh once the import has finished. */
  invalidates: QueryKey;
  start: (csv: string, mode: ImportMode) => Promise<J>;
  poll: (id: string) => Promise<J>;
  /** The header line shown and put in the template. */
  header: string;
  template: { filename: string; text: string };
  hint: ReactNode;
  /** The result line of a finished import, and whether anything was written. */
  summary: (job: J) => { title: string; imported: number };
  width?: number;
}

type Source = 'upload' | 'paste';

/**
 * The CSV import modal every import uses: upload a file or paste the text, download a template, choose the mode,
 * follow the background job's progress, then the result and every row error in the user's language.
 */
export function CsvImportModal<J extends CsvImportJob>({
  open,
  onClose,
  config,
}: {
  open: boolean;
  onClose: () => void;
  config: CsvImportConfig<J>;
}) {
  const { t } = useTranslation();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<Source>('upload');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [pasted, setPasted] = useState('');
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [jobId, setJobId] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const job = useQuery({
    queryKey: [config.jobKey, jobId],
    queryFn: () => config.poll(jobId ?? ''),
    enabled: jobId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'succeeded' || status === 'failed' ? false : 500;
    },
  });
  const result = job.data;
  const status = result?.status;
  const finished = status === 'succeeded' || status === 'failed';
  const { invalidates } = config;

  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: invalidates });
  }, [finished, queryClient, invalidates]);

  const csv = source === 'upload' ? (file?.text ?? '') : pasted;
  const reset = () => {
    setFile(null);
    setPasted('');
    setJobId(null);
    setMode('all_or_nothing');
  };
  const close = () => {
    reset();
    onClose();
  };

  const start = async () => {
    if (!csv.trim()) return;
    setSubmitting(true);
    try {
      const created = await config.start(csv, mode);
      queryClient.setQueryData([config.jobKey, created.id], created);
      setJobId(created.id);
    } catch (error) {
      onError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const percent = result && result.total > 0 ? Math.round((result.processed / result.total) * 100) : finished ? 100 : 0;

  return (
    <Modal
      open={open}
      width={config.width ?? 760}
      title={config.title}
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
            <Button
              type="primary"
              disabled={!csv.trim()}
              loading={submitting}
              onClick={start}
              data-testid="import-start"
            >
              {t('import.start')}
            </Button>
          </Space>
        )
      }
    >
      {jobId === null ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {t('import.headerHint')}{' '}
            <Typography.Text code style={{ wordBreak: 'break-all' }}>
              {config.header}
            </Typography.Text>{' '}
            <Typography.Link
              data-testid="import-template"
              onClick={() => downloadText(config.template.filename, config.template.text)}
            >
              {t('import.downloadTemplate')}
            </Typography.Link>
          </Typography.Paragraph>
          <Typography.Text type="secondary">{config.hint}</Typography.Text>
          <Segmented<Source>
            value={source}
            onChange={setSource}
            data-testid="import-source"
            options={[
              { value: 'upload', label: t('import.upload') },
              { value: 'paste', label: t('import.paste') },
            ]}
          />
          {source === 'upload' ? (
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
          ) : (
            <Input.TextArea
              data-testid="import-paste"
              value={pasted}
              onChange={(event) => setPasted(event.target.value)}
              placeholder={t('import.pastePlaceholder')}
              autoSize={{ minRows: 6, maxRows: 14 }}
              style={{ fontFamily: 'monospace' }}
            />
          )}
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
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-progress">
          <Progress
            percent={percent}
            status={status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
            format={() => `${result?.processed ?? 0} / ${result?.total ?? 0}`}
          />
          {job.error ? <Alert type="error" showIcon title={t('import.pollFailed')} /> : null}
          {!finished ? <Typography.Text>{t(`import.status.${status ?? 'queued'}`)}</Typography.Text> : null}
          {finished && result ? <ImportSummary job={result} summary={config.summary(result)} /> : null}
          {result && result.errors.length > 0 ? <ImportErrors errors={result.errors} /> : null}
        </Space>
      )}
    </Modal>
  );
}

function ImportSummary({ job, summary }: { job: CsvImportJob; summary: { title: string; imported: number } }) {
  const { t } = useTranslation();
  const errors = job.errors.length;
  return (
    <Alert
      data-testid="import-result"
      type={job.status === 'succeeded' && errors === 0 ? 'success' : summary.imported > 0 ? 'warning' : 'error'}
      showIcon
      title={summary.title}
      description={
        job.status === 'failed' && job.mode === 'all_or_nothing' && errors > 0
          ? t('import.nothingImported')
          : errors > 0
            ? t('import.someSkipped', { count: errors })
            : undefined
      }
    />
  );
}

function ImportErrors({ errors }: { errors: CsvImportError[] }) {
  const { t } = useTranslation();
  return (
    <Table<CsvImportError>
      size="small"
      data-testid="import-errors"
      rowKey={(row) => `${row.line}-${row.field ?? ''}-${row.code ?? ''}-${row.message}`}
      dataSource={errors}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('import.line'), dataIndex: 'line', key: 'line', width: 64 },
        {
          title: t('import.field'),
          dataIndex: 'field',
          key: 'field',
          width: '30%',
          render: (v) => <span style={{ wordBreak: 'break-word' }}>{v ?? '—'}</span>,
        },
        {
          title: t('import.message'),
          key: 'message',
          render: (_, row) => <span data-testid="import-error-text">{importErrorText(row, t)}</span>,
        },
      ]}
    />
  );
}
