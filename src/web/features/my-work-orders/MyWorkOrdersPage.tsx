import { EnvironmentOutlined, RightOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { STATUS_COLORS, type WorkOrder } from '../work-orders/workOrdersApi';
import { DONE_STATUSES, OPEN_STATUSES, useMyWorkOrders } from './myWorkOrdersApi';

/** One work order as a card the whole width of a phone: one tap opens it. */
function WorkOrderCard({ workOrder: wo }: { workOrder: WorkOrder }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <Link to={`/work-orders/${wo.id}`} data-testid="my-work-order" aria-label={`${wo.number} ${wo.subject}`}>
      <Card hoverable size="small" styles={{ body: { padding: 16 } }}>
        <Flex justify="space-between" align="center" gap={12}>
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{wo.number}</Typography.Text>
              <Tag color={STATUS_COLORS[wo.status]} data-testid="my-work-order-status">
                {t(`workOrders.status.${wo.status}`)}
              </Tag>
            </Flex>
            <Typography.Text style={{ fontSize: 16 }}>{wo.subject}</Typography.Text>
            <Typography.Text type="secondary">
              {wo.customer.name ? (
                <>
                  <UserOutlined /> {wo.customer.name}{' '}
                </>
              ) : null}
              {wo.store ? (
                <>
                  <EnvironmentOutlined /> {wo.store}
                </>
              ) : null}
            </Typography.Text>
            <Typography.Text type="secondary">
              {wo.serviceType.name} · {formatDate(wo.createdAt)}
            </Typography.Text>
          </Flex>
          <RightOutlined aria-hidden />
        </Flex>
      </Card>
    </Link>
  );
}

function Section({
  title,
  testId,
  query,
}: {
  title: string;
  testId: string;
  query: ReturnType<typeof useMyWorkOrders>;
}) {
  const { t } = useTranslation();
  return (
    <section data-testid={testId} aria-label={title}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {title}
        {query.data ? <Typography.Text type="secondary"> ({query.data.total})</Typography.Text> : null}
      </Typography.Title>
      {query.isPending ? (
        <Skeleton active />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Empty description={t('myWorkOrders.none')} />
      ) : (
        <Flex vertical gap={12}>
          {query.data.items.map((wo) => (
            <WorkOrderCard key={wo.id} workOrder={wo} />
          ))}
        </Flex>
      )}
    </section>
  );
}

/**
 * The engineer's screen: the work orders assigned to the signed-in employee, open ones first (the longest waiting on
 * top), then the latest finished ones. Cards, not a table, so it reads on a phone held in one hand.
 */
export function MyWorkOrdersPage() {
  const { t } = useTranslation();
  const open = useMyWorkOrders(OPEN_STATUSES, 'createdAt', 50);
  const done = useMyWorkOrders(DONE_STATUSES, '-createdAt', 10);
  return (
    <Flex vertical gap={24} style={{ maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.myWorkOrders')}
      </Typography.Title>
      <Section title={t('myWorkOrders.open')} testId="my-work-orders-open" query={open} />
      <Section title={t('myWorkOrders.done')} testId="my-work-orders-done" query={done} />
    </Flex>
  );
}
