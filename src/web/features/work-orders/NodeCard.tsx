import { Descriptions, Flex, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../app/format';
import type { NodeState, RatingSettings } from './workOrdersApi';

const NODE_COLORS: Record<string, string> = {
  pending: 'default',
  active: 'processing',
  completed: 'green',
  skipped: 'orange',
};

/**
 * One node instance of the work order: its type, key and stage, status, mode, times, why it ended; `extra` holds its
 * action (skip). `data-node-key`/`data-round` name it for tests and for the 409 that blocks on it.
 */
export function NodeCard({ node, extra, mainLabel }: { node: NodeState; extra: ReactNode; mainLabel?: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const settings = node.settings as RatingSettings;
  return (
    <div
      style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12 }}
      data-testid={`node-${node.type}`}
      data-node-key={node.key}
      data-round={node.round}
    >
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Space wrap size={[8, 4]}>
          <Typography.Text strong>{t(`workOrders.nodes.types.${node.type}`)}</Typography.Text>
          <Typography.Text code data-testid="node-key">
            {node.key}
          </Typography.Text>
          <Tag color={NODE_COLORS[node.status]} data-testid={`node-${node.type}-status`}>
            {t(`workOrders.nodes.statuses.${node.status}`)}
          </Tag>
          {node.mandatory ? <Tag color="red">{t('workOrders.nodes.mandatory')}</Tag> : null}
        </Space>
        {extra}
      </Flex>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('workOrders.nodes.stage')}>
          <span data-testid="node-stage">{t(`workflows.stages.${node.stage}`)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('workOrders.nodes.mode')}>
          {t(`workOrders.nodes.modes.${node.mode}`, { defaultValue: node.mode })}
        </Descriptions.Item>
        {mainLabel ? <Descriptions.Item label={t('workOrders.nodes.mainButton')}>{mainLabel}</Descriptions.Item> : null}
        {node.type === 'rating' && settings.mode === 'qr' ? (
          <Descriptions.Item label={t('workOrders.nodes.submissionLimit')}>
            {settings.submissionLimit ?? 1}
          </Descriptions.Item>
        ) : null}
        {node.startedAt ? (
          <Descriptions.Item label={t('workOrders.nodes.startedAt')}>{formatDate(node.startedAt)}</Descriptions.Item>
        ) : null}
        {node.deadlineAt && node.status === 'active' ? (
          <Descriptions.Item label={t('workOrders.nodes.deadline')}>{formatDate(node.deadlineAt)}</Descriptions.Item>
        ) : null}
        {node.completedAt ? (
          <Descriptions.Item label={t('workOrders.nodes.completedAt')}>
            {formatDate(node.completedAt)}
          </Descriptions.Item>
        ) : null}
        {node.reason ? (
          <Descriptions.Item label={t('workOrders.nodes.reason')}>
            {t(`workOrders.nodes.reasons.${node.reason}`, { defaultValue: node.reason })}
            {node.skipReason && node.skipReason !== node.reason ? `：${node.skipReason}` : ''}
            {node.skippedBy?.name ? ` (${node.skippedBy.name})` : ''}
          </Descriptions.Item>
        ) : null}
        {node.type === 'rating' ? (
          <Descriptions.Item label={t('workOrders.nodes.invitations')}>{node.invitationIds.length}</Descriptions.Item>
        ) : null}
      </Descriptions>
      {node.status === 'pending' ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('workOrders.nodes.pendingHint', { status: t(`workOrders.status.${node.stage}`) })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
