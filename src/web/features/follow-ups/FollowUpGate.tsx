import { Button, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { usePermissions } from '../work-orders/workOrdersApi';
import { useFollowUpSettings } from './followUpsApi';

/**
 * The follow-up workspace exists only while the plugin is on (Settings → Follow-up): off, an administrator is told
 * so with a link to turn it on, anyone else that it is not in use.
 */
export function FollowUpGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const can = usePermissions();
  const settings = useFollowUpSettings();
  if (settings.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  if (settings.data.enabled) return children;
  const admin = can('settings.write');
  return (
    <Result
      status="info"
      data-testid="follow-up-off"
      title={t('followUps.off.title')}
      subTitle={admin ? t('followUps.off.adminHint') : t('followUps.off.hint')}
      extra={
        admin ? (
          <Link to="/settings/follow-ups">
            <Button type="primary" data-testid="follow-up-turn-on">
              {t('followUps.off.turnOn')}
            </Button>
          </Link>
        ) : null
      }
    />
  );
}
