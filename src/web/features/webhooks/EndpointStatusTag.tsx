import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WebhookEndpoint } from './webhooksApi';

/** Enabled, disabled (by hand), or disabled by Rateloop with its reason (`gone`: answered 410; `failing`: 5 days). */
export function EndpointStatusTag({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  if (endpoint.enabled) return <Tag color="green">{t('webhooks.status.enabled')}</Tag>;
  if (!endpoint.disabledReason) return <Tag>{t('webhooks.status.disabled')}</Tag>;
  return (
    <Tooltip title={t(`webhooks.reasonHelp.${endpoint.disabledReason}`)}>
      <Tag color="red" data-testid="webhook-disabled-reason">
        {t(`webhooks.reason.${endpoint.disabledReason}`)}
      </Tag>
    </Tooltip>
  );
}
