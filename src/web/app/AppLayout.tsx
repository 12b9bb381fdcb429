import {
  ApartmentOutlined,
  AuditOutlined,
  BranchesOutlined,
  FileTextOutlined,
  FormOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MailOutlined,
  MessageOutlined,
  SendOutlined,
  SettingOutlined,
  StarOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, type MenuProps, Skeleton, Space, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { type Area, canAccess } from './access';
import { useAuth } from './auth';

type MenuItem = NonNullable<MenuProps['items']>[number];

interface Entry {
  key: string;
  area: Area;
  icon: React.ReactNode;
  label: string;
}

/** Detail screens highlight their list's menu entry. */
function selectedKey(pathname: string): string {
  if (pathname.startsWith('/rating/templates/')) return '/rating/templates';
  if (pathname.startsWith('/work-orders/')) return '/work-orders';
  if (pathname.startsWith('/org/service-types/')) return '/org/service-types';
  return pathname;
}

export function AppLayout() {
  const { t } = useTranslation();
  const { session, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const roles = session?.user.roles ?? [];

  const group = (key: string, icon: React.ReactNode, label: string, entries: Entry[]): MenuItem | null => {
    const children = entries
      .filter((entry) => canAccess(roles, entry.area))
      .map((entry) => ({ key: entry.key, icon: entry.icon, label: entry.label }));
    return children.length ? { key, icon, label, children } : null;
  };

  const items: MenuItem[] = [
    { key: '/', icon: <HomeOutlined />, label: t('nav.home') },
    ...(canAccess(roles, 'workOrders')
      ? [{ key: '/work-orders', icon: <FileTextOutlined />, label: t('nav.workOrders') }]
      : []),
    ...(canAccess(roles, 'invitations')
      ? [{ key: '/invitations', icon: <SendOutlined />, label: t('nav.invitations') }]
      : []),
    group('org', <ApartmentOutlined />, t('nav.organisation'), [
      { key: '/org/departments', area: 'departments', icon: <ApartmentOutlined />, label: t('nav.departments') },
      { key: '/org/employees', area: 'employees', icon: <TeamOutlined />, label: t('nav.employees') },
      { key: '/org/service-types', area: 'serviceTypes', icon: <TagsOutlined />, label: t('nav.serviceTypes') },
    ]),
    group('rating', <StarOutlined />, t('nav.rating'), [
      { key: '/rating/templates', area: 'templates', icon: <FormOutlined />, label: t('nav.templates') },
      { key: '/rating/rules', area: 'rules', icon: <BranchesOutlined />, label: t('nav.rules') },
    ]),
    group('settings', <SettingOutlined />, t('nav.settings'), [
      { key: '/settings/channels', area: 'channels', icon: <MailOutlined />, label: t('channels.title') },
      {
        key: '/settings/message-templates',
        area: 'messageTemplates',
        icon: <MessageOutlined />,
        label: t('messageTemplates.title'),
      },
      { key: '/settings/api-keys', area: 'apiKeys', icon: <KeyOutlined />, label: t('nav.apiKeys') },
      { key: '/settings/audit', area: 'audit', icon: <AuditOutlined />, label: t('nav.audit') },
    ]),
  ].filter((item): item is MenuItem => item !== null);

  const onLogout = async () => {
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} theme="light" width={220}>
        <div style={{ padding: '16px 20px', fontWeight: 700, fontSize: 18, color: '#1f6feb', whiteSpace: 'nowrap' }}>
          {collapsed ? 'R' : 'Rateloop'}
        </div>
        <Menu
          mode="inline"
          data-testid="main-menu"
          selectedKeys={[selectedKey(location.pathname)]}
          defaultOpenKeys={['org', 'rating', 'settings']}
          items={items}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle">
            <Typography.Text data-testid="current-user">
              <UserOutlined /> {session?.user.name || session?.user.username}
            </Typography.Text>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={onLogout} data-testid="logout">
              {t('layout.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Suspense fallback={<Skeleton active />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
