import { Alert, App, Button, Flex, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { type DeliveryProblem, useAcknowledgeProblem, useDeliveryProblems, useSetupStatus } from './setupApi';

const channelName = (t: TFunction, channel: string) => t(`rules.channels.${channel}`, { defaultValue: channel });

export function problemCauseText(t: TFunction, p: Pick<DeliveryProblem, 'channel' | 'kind' | 'code'>): string {
  const channel = channelName(t, p.channel);
  if (p.kind === 'skipped' && p.code === 'no_config') return t('setup.problems.causes.no_config', { channel });
  if (p.kind === 'permanent' || p.kind === 'quota')
    return t(`setup.problems.causes.${p.kind}`, { channel, code: p.code });
  return t('setup.problems.causes.other', { channel, code: p.code });
}

/**
 * The admins' delivery-health banners above every console page: enabled rules or workflows sending on a channel
 * without configuration, and open delivery problems (one per cause) with "Acknowledge". Renders nothing for others.
 */
export function DeliveryBanners() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { message } = App.useApp();
  const onError = useApiError();
  const status = useSetupStatus();
  const problems = useDeliveryProblems();
  const acknowledge = useAcknowledgeProblem();
  const warnings = status.data?.channelWarnings ?? [];
  const open = problems.data?.items ?? [];
  if (warnings.length === 0 && open.length === 0) return null;

  return (
    <Flex vertical gap={12} style={{ marginBottom: 16 }} data-testid="delivery-banners">
      {warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="channel-warning"
          title={t('setup.channelWarning.title')}
          description={
            <Flex vertical gap={4}>
              {warnings.map((w) => (
                <Typography.Text key={`${w.kind}:${w.id}:${w.channel}`} data-testid="channel-warning-item">
                  <Link to={w.kind === 'rule' ? '/rating/rules' : `/org/service-types/${w.id}/workflow`}>
                    {t(`setup.channelWarning.${w.kind}`, { name: w.name, channel: channelName(t, w.channel) })}
                  </Link>
                </Typography.Text>
              ))}
            </Flex>
          }
          action={
            <Link to="/settings/channels" data-testid="channel-warning-configure">
              {t('setup.channelWarning.configure')}
            </Link>
          }
        />
      ) : null}
      {open.length > 0 ? (
        <Alert
          type="error"
          showIcon
          data-testid="delivery-problems"
          title={t('setup.problems.title')}
          description={
            <Flex vertical gap={8}>
              {open.map((p) => (
                <Flex key={p.id} gap={12} wrap align="center" data-testid="delivery-problem" data-cause={p.cause}>
                  <Typography.Text strong>{problemCauseText(t, p)}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t('setup.problems.since', { count: p.count, since: formatDate(p.firstSeenAt) })}
                  </Typography.Text>
                  <Button
                    size="small"
                    data-testid="acknowledge-problem"
                    loading={acknowledge.isPending && acknowledge.variables === p.id}
                    onClick={() =>
                      acknowledge.mutate(p.id, {
                        onSuccess: () => void message.success(t('setup.problems.acknowledged')),
                        onError: (error) => onError(error),
                      })
                    }
                  >
                    {t('setup.problems.acknowledge')}
                  </Button>
                </Flex>
              ))}
              <Flex gap={16} wrap>
                <Link to="/invitations?status=failed">{t('setup.problems.viewFailed')}</Link>
                <Link to="/settings/channels">{t('setup.problems.configure')}</Link>
              </Flex>
            </Flex>
          }
        />
      ) : null}
    </Flex>
  );
}
