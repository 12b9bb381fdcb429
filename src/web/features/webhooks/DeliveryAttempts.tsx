import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { type WebhookAttempt, webhookKeys } from './webhooksApi';

const pre: React.CSSProperties = {
  margin: 0,
  maxHeight: 240,
  overflow: 'auto',
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
  fontSize: 12,
  background: '#fafafa',
  padding: 8,
  borderRadius: 6,
};

/** A JSON body indented when it is JSON, as sent otherwise. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function Attempt({ attempt }: { attempt: WebhookAttempt }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const good = attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300;
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      data-testid="webhook-attempt"
      title={
        <Space wrap>
          {t('webhooks.attemptN', { n: attempt.attempt })}
          <Tag color={good ? 'green' : 'red'}>{attempt.responseStatus ?? t('webhooks.noResponse')}</Tag>
          <Typography.Text type="secondary">
            {formatDate(attempt.at)} · {t('webhooks.durationMs', { ms: attempt.durationMs })}
          </Typography.Text>
        </Space>
      }
      items={[
        ...(attempt.error
          ? [
              {
                key: 'error',
                label: t('webhooks.error'),
                children: <Typography.Text type="danger">{attempt.error}</Typography.Text>,
              },
            ]
          : []),
        {
          key: 'requestHeaders',
          label: t('webhooks.requestHeaders'),
          children: (
            <pre style={pre}>
              {Object.entries(attempt.requestHeaders)
                .map(([name, value]) => `${name}: ${value}`)
                .join('\n')}
            </pre>
          ),
        },
        {
          key: 'requestBody',
          label: t('webhooks.requestBody'),
          children: <pre style={pre}>{pretty(attempt.requestBody)}</pre>,
        },
        {
          key: 'responseBody',
          label: t('webhooks.responseBody'),
          children: attempt.responseBody ? <pre style={pre}>{attempt.responseBody}</pre> : '—',
        },
      ]}
    />
  );
}

/** One delivery's attempts, newest first (expanded row of the deliveries table). */
export function DeliveryAttempts({ deliveryId }: { deliveryId: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const delivery = useQuery({
    queryKey: webhookKeys.delivery(deliveryId),
    queryFn: () => ok(client.GET('/webhook-deliveries/{id}', { params: { path: { id: deliveryId } } })),
  });
  if (delivery.isPending) return <Skeleton active />;
  if (delivery.isError) return <ErrorState error={delivery.error} onRetry={() => delivery.refetch()} />;
  const attempts = [...delivery.data.attemptLog].sort((a, b) => b.attempt - a.attempt);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="webhook-attempts">
      {delivery.data.nextAttemptAt && delivery.data.status === 'pending' ? (
        <Alert
          type="info"
          showIcon
          title={t('webhooks.nextAttempt', { at: formatDate(delivery.data.nextAttemptAt) })}
        />
      ) : null}
      {attempts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('webhooks.noAttempts')} />
      ) : null}
      {attempts.map((attempt) => (
        <Attempt key={attempt.id} attempt={attempt} />
      ))}
    </Space>
  );
}
