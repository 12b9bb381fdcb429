import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { SetupChecklist } from '../setup/SetupChecklist';

export function HomePage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const user = session?.user;
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
