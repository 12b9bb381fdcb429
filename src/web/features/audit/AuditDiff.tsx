import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../app/types';

interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/** A snapshot is an object (the server documents it as any JSON value). */
function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function diffRows(beforeValue: unknown, afterValue: unknown): DiffRow[] {
  const before = asRecord(beforeValue);
  const after = asRecord(afterValue);
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].sort().map((key) => {
    const left = before ? before[key] : undefined;
    const right = after ? after[key] : undefined;
    return { key, before: left, after: right, changed: JSON.stringify(left) !== JSON.stringify(right) };
  });
}

function show(value: unknown) {
  if (value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return <Typography.Text style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{text}</Typography.Text>;
}

/** Key-by-key comparison of an audit event's before/after snapshots, changed keys highlighted. */
export function AuditDiff({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const rows = diffRows(event.before, event.after);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noSnapshot')}</Typography.Text>;
  return (
    <Table<DiffRow>
      size="small"
      data-testid="audit-diff"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      onRow={(row) => ({ style: row.changed ? { background: '#fffbe6' } : undefined })}
      columns={[
        {
          title: t('audit.field'),
          dataIndex: 'key',
          key: 'key',
          width: 200,
          render: (key: string, row) => (row.changed ? <Typography.Text strong>{key}</Typography.Text> : key),
        },
        { title: t('audit.before'), dataIndex: 'before', key: 'before', render: show },
        { title: t('audit.after'), dataIndex: 'after', key: 'after', render: show },
      ]}
    />
  );
}
