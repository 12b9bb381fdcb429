import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrorText, problemText, type Translate } from '../../app/problemText';
import type { BulkResult } from './workOrdersApi';

type BulkError = NonNullable<BulkResult['results'][number]['error']>;

export interface BulkRow {
  id: string;
  number: string;
  ok: boolean;
  /** The server's English reason; shown only when `error` is absent. */
  detail: string | null;
  /** The coded problem of this id, shown in the user's language. */
  error?: BulkError | null;
}

/** Status names in a field error's params (`illegal_transition {from, to}`) in the user's language. */
const STATUS_PARAMS = new Set(['from', 'to', 'status']);

/** A bulk result's problem in the user's language: its field errors when it has some, else its type's text. */
export function bulkErrorText(error: BulkError, t: Translate): string {
  if (error.errors?.length)
    return error.errors
      .map((item) =>
        fieldErrorText(
          {
            ...item,
            params: Object.fromEntries(
              Object.entries(item.params ?? {}).map(([key, value]) => [
                key,
                STATUS_PARAMS.has(key) ? t(`workOrders.status.${value}`, { defaultValue: String(value) }) : value,
              ]),
            ),
          },
          t,
        ),
      )
      .join('；');
  return problemText(
    { status: error.status, type: `https://rateloop.dev/problems/${error.type}`, detail: error.detail },
    t,
  );
}

/** The rows of a bulk answer, in its order, named by their work-order numbers where the page knows them. */
export const bulkRows = (result: BulkResult, numberOf: (id: string) => string): BulkRow[] =>
  result.results.map((row) => ({
    id: row.id,
    number: numberOf(row.id),
    ok: row.ok,
    detail: row.error?.detail ?? null,
    error: row.error,
  }));

/** One line per work order of a bulk action: done, or the server's reason why not. */
export function BulkResultModal({
  open,
  title,
  rows,
  onClose,
}: {
  open: boolean;
  title: string;
  rows: BulkRow[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const failed = rows.filter((row) => !row.ok).length;
  return (
    <Modal
      open={open}
      width={680}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="bulk-result-close">
          {t('common.close')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="bulk-result">
        <Alert
          showIcon
          type={failed === 0 ? 'success' : failed === rows.length ? 'error' : 'warning'}
          title={t('workOrders.bulk.summary', { ok: rows.length - failed, failed })}
        />
        <Table<BulkRow>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            {
              title: t('workOrders.number'),
              dataIndex: 'number',
              key: 'number',
              width: 190,
              render: (number: string, row) => <Link to={`/work-orders/${row.id}`}>{number}</Link>,
            },
            {
              title: t('workOrders.bulk.result'),
              key: 'result',
              render: (_, row) =>
                row.ok ? (
                  <Space>
                    <CheckCircleFilled style={{ color: '#52c41a' }} />
                    {t('workOrders.bulk.ok')}
                  </Space>
                ) : (
                  <Space align="start">
                    <CloseCircleFilled style={{ color: '#ff4d4f' }} />
                    <span data-testid="bulk-result-error">
                      {row.error ? bulkErrorText(row.error, t) : (row.detail ?? t('errors.generic'))}
                    </span>
                  </Space>
                ),
            },
          ]}
        />
      </Space>
    </Modal>
  );
}
