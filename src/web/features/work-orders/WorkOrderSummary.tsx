import { Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../app/format';
import { localised } from '../workflows/workflowsApi';
import { customValueText } from './CustomFieldInputs';
import type { FieldDefinition, WorkOrderDetail } from './workOrdersApi';

/**
 * What the work order is about: its fields, the customer, and its custom fields (the service type's definitions
 * first, then stored values no definition names any more).
 */
export function WorkOrderSummary({
  workOrder: wo,
  definitions,
}: {
  workOrder: WorkOrderDetail;
  definitions: readonly FieldDefinition[];
}) {
  const { t, i18n } = useTranslation();
  const formatDate = useFormatDate();
  const customKeys = [
    ...definitions.map((d) => d.key),
    ...Object.keys(wo.custom).filter((key) => !definitions.some((d) => d.key === key)),
  ];
  const yesNo = (value: boolean) => (value ? t('common.yes') : t('common.no'));
  const dash = (value: string | null | undefined) => value || '—';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('workOrders.detail.fields')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="work-order-fields">
          <Descriptions.Item label={t('workOrders.serviceType')}>{wo.serviceType.name}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.recordType')}>{dash(wo.recordType)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.externalId')}>{dash(wo.externalId)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.priorityLabel')}>
            {t(`workOrders.priority.${wo.priority}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('workOrders.engineers')}>
            {wo.engineers.length ? wo.engineers.map((e) => <Tag key={e.id}>{e.name}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('workOrders.department')}>{dash(wo.department?.name)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.region')}>{dash(wo.region?.name)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.store')}>{dash(wo.store)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.touchpoint')}>{dash(wo.touchpoint)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.completedAt')}>{formatDate(wo.completedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.closedAt')}>{formatDate(wo.closedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatDate(wo.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('workOrders.customer')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('workOrders.customerName')}>{dash(wo.customer.name)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.customerPhone')}>{dash(wo.customer.phone)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.customerEmail')}>{dash(wo.customer.email)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.customerWechat')}>{dash(wo.customer.wechatOpenId)}</Descriptions.Item>
          <Descriptions.Item label={t('workOrders.customerLocale')}>
            {wo.customer.locale === 'en' ? 'English' : wo.customer.locale === 'zh-CN' ? '简体中文' : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {customKeys.length > 0 ? (
        <Card title={t('workOrders.customFields')}>
          <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="custom-fields">
            {customKeys.map((key) => {
              const definition = definitions.find((d) => d.key === key);
              return (
                <Descriptions.Item key={key} label={localised(definition?.label, i18n.language) || key}>
                  {customValueText(definition, wo.custom[key], i18n.language, yesNo)}
                </Descriptions.Item>
              );
            })}
          </Descriptions>
        </Card>
      ) : null}
    </Space>
  );
}
