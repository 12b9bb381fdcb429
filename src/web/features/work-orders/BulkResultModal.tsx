import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export interface BulkRow {
  id: string;
  number: string;
  ok: boolean;
  detail: string | null;
}

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
                    {row.detail ?? t('errors.generic')}
                  </Space>
                ),
            },
          ]}
        />
      </Space>
    </Modal>
  );
}
