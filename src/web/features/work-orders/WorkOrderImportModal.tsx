import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Radio, Space, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, client, ok } from '../../api/client';
import type { ImportError } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { downloadText } from '../employees/csvTemplate';
import { WORK_ORDERS_KEY } from './workOrdersApi';

type WorkOrderImport = Answer<'/work-order-imports/{id}'>;
type ImportMode = WorkOrderImport['mode'];

export const WORK_ORDER_CSV_HEADER =
  'externalId,number,subject,serviceType,recordType,customerName,customerPhone,customerEmail,customerWechatOpenId,customerLocale,engineers,department,store,touchpoint,priority,status';

function workOrderCsvTemplate(): string {
  return `${WORK_ORDER_CSV_HEADER}\r\nCRM-10001,,空调不制冷上门维修,repair,warranty,王先生,13800000000,wang@example.com,,zh-CN,E0001;E0002,EAST,上海徐汇店,onsite,normal,completed\r\n`;
}

/** CSV import of work orders: the same flow as the employees import (upload, mode, progress, per-row errors). */
export function WorkOrderImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [jobId, setJobId] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const job = useQuery({
    queryKey: ['work-order-imports', jobId],
    queryFn: () => ok(client.GET('/work-order-imports/{id}', { params: { path: { id: jobId ?? '' } } })),
    enabled: jobId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'succeeded' || status === 'failed' ? false : 500;
    },
  });
  const status = job.data?.status;
  const finished = status === 'succeeded' || status === 'failed';

  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: WORK_ORDERS_KEY });
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
      const created = await ok(client.POST('/work-order-imports', { body: { csv: file.text, mode } }));
      queryClient.setQueryData(['work-order-imports', created.id], created);
      setJobId(created.id);
    } catch (error) {
      onError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const result = job.data;
  const percent = result && result.total > 0 ? Math.round((result.processed / result.total) * 100) : finished ? 100 : 0;
  const imported = (result?.created ?? 0) + (result?.updated ?? 0);

  return (
    <Modal
      open={open}
      width={760}
      title={t('workOrders.import.title')}
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
            {t('import.headerHint')}{' '}
            <Typography.Text code style={{ wordBreak: 'break-all' }}>
              {WORK_ORDER_CSV_HEADER}
            </Typography.Text>{' '}
            <Typography.Link onClick={() => downloadText('work-orders-template.csv', workOrderCsvTemplate())}>
              {t('import.downloadTemplate')}
            </Typography.Link>
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('workOrders.import.hint')}</Typography.Text>
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
              <Radio value="all_or_nothing">{t('import.modeAll')}</Radio>
              <Radio value="valid_rows">{t('import.modeValid')}</Radio>
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
          {finished && result ? (
            <Alert
              data-testid="import-result"
              type={
                status === 'succeeded' && result.errors.length === 0 ? 'success' : imported > 0 ? 'warning' : 'error'
              }
              showIcon
              title={t('workOrders.import.result', { created: result.created, updated: result.updated })}
              description={
                status === 'failed' && result.mode === 'all_or_nothing' && result.errors.length > 0
                  ? t('import.nothingImported')
                  : result.errors.length > 0
                    ? t('import.someSkipped', { count: result.errors.length })
                    : undefined
              }
            />
          ) : null}
          {result && result.errors.length > 0 ? (
            <Table<ImportError>
              size="small"
              data-testid="import-errors"
              rowKey={(row) => `${row.line}-${row.field ?? ''}-${row.message}`}
              dataSource={result.errors}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('import.line'), dataIndex: 'line', key: 'line', width: 80 },
                { title: t('import.field'), dataIndex: 'field', key: 'field', width: 160, render: (v) => v ?? '—' },
                { title: t('import.message'), dataIndex: 'message', key: 'message' },
              ]}
            />
          ) : null}
        </Space>
      )}
    </Modal>
  );
}
