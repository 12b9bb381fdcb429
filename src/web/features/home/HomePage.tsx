import { Card, Space, Tag, Typography } from 'antd';
import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { canAccess } from '../../app/access';
import { useAuth } from '../../app/auth';
import { SetupChecklist } from '../setup/SetupChecklist';

// Lazily: the dashboard brings ECharts, which nobody without analytics.read should download.
const DashboardPage = lazy(() => import('../dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));

/**
 * The console's home: the analytics dashboard for those who may read it (admins, supervisors, analysts), with the
 * set-up checklist above it while an admin's set-up is incomplete; a welcome with the user's roles for the others.
 */
export function HomePage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const user = session?.user;
  if (canAccess(user?.roles, 'analytics')) {
    // `home-card`: the landing mark the browser tests wait for after a login, whichever home it is.
    return (
      <div data-testid="home-card">
        <SetupChecklist />
        <DashboardPage />
      </div>
    );
  }
  return (
    <>
      <SetupChecklist />
      <Card data-testid="home-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: user?.name || user?.username || '' })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
        <Space wrap>
          <Typography.Text strong>{t('home.yourRoles')}</Typography.Text>
          {(user?.roles ?? []).length === 0 ? (
            <Typography.Text type="secondary">{t('home.noRoles')}</Typography.Text>
          ) : null}
          {(user?.roles ?? []).map((role) => (
            <Tag color="blue" key={role}>
              {t(`roles.${role}`, { defaultValue: role })}
            </Tag>
          ))}
        </Space>
      </Card>
    </>
  );
}
