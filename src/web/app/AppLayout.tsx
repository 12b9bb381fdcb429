import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AreaChartOutlined,
  AuditOutlined,
  BankOutlined,
  BranchesOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  CloudDownloadOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FormOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  LineChartOutlined,
  LogoutOutlined,
  MailOutlined,
  MenuOutlined,
  MessageOutlined,
  NodeIndexOutlined,
  PhoneOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SendOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  StarOutlined,
  TagsOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, ConfigProvider, Grid, Layout, Menu, type MenuProps, Skeleton, Space, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useFollowUpSettings } from '../features/follow-ups/followUpsApi';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { DeliveryBanners } from '../features/setup/DeliveryBanners';
import { type Area, canAccess } from './access';
import { useAuth } from './auth';
import { LiveStatusDot } from './LiveStatusDot';
import { useLiveEvents } from './useLiveEvents';

type MenuItem = NonNullable<MenuProps['items']>[number];

interface Entry {
  key: string;
  area: Area;
  icon: React.ReactNode;
  label: string;
}

/** Detail screens highlight their list's menu entry. */
function selectedKey(pathname: string): string {
  if (pathname === '/dashboard') return '/';
  if (pathname.startsWith('/ratings/')) return '/ratings';
  if (pathname.startsWith('/rating/templates/')) return '/rating/templates';
  if (pathname.startsWith('/work-orders/')) return '/work-orders';
  if (pathname.startsWith('/cases/')) return '/cases';
  if (pathname.startsWith('/follow-ups/tasks/')) return '/follow-ups';
  if (pathname.startsWith('/settings/webhooks/')) return '/settings/webhooks';
  if (pathname.startsWith('/org/service-types/')) return '/org/service-types';
  if (pathname.startsWith('/analytics/engineers/') || pathname.startsWith('/analytics/departments/')) {
    return '/analytics/rankings';
  }
  if (pathname.startsWith('/analytics/stores/')) return '/analytics/stores';
  return pathname;
}

export function AppLayout() {
  const { t } = useTranslation();
  const { session, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  // On a phone the menu starts hidden (zero width, antd's tab to open it) and closes after each choice; elsewhere it
  // starts open. The user's own toggle wins until the next navigation on a phone.
  const phone = Grid.useBreakpoint().md === false;
  const [toggled, setCollapsed] = useState<boolean | null>(null);
  const collapsed = toggled ?? phone;
  const roles = session?.user.roles ?? [];
  const live = useLiveEvents(Boolean(session) && canAccess(roles, 'workOrders'));
  // The follow-up workspace shows while the plugin is on; an administrator always sees it (with a notice to turn it on).
  const followUpSettings = useFollowUpSettings(Boolean(session) && canAccess(roles, 'followUps'));
  const followUpsOn = followUpSettings.data?.enabled === true || canAccess(roles, 'followUpSettings');

  const group = (key: string, icon: React.ReactNode, label: string, entries: Entry[]): MenuItem | null => {
    const children = entries
      .filter((entry) => canAccess(roles, entry.area))
      .map((entry) => ({ key: entry.key, icon: entry.icon, label: entry.label }));
    return children.length ? { key, icon, label, children } : null;
  };

  // For those who may read analytics the home page is the dashboard, listed in its group instead of "Overview".
  const analytics = canAccess(roles, 'analytics');
  const items: MenuItem[] = [
    ...(analytics ? [] : [{ key: '/', icon: <HomeOutlined />, label: t('nav.home') }]),
    group('analytics', <AreaChartOutlined />, t('nav.analytics'), [
      { key: '/', area: 'analytics', icon: <LineChartOutlined />, label: t('nav.dashboard') },
      { key: '/ratings', area: 'analytics', icon: <StarOutlined />, label: t('nav.ratings') },
      { key: '/analytics/rankings', area: 'analytics', icon: <TrophyOutlined />, label: t('nav.rankings') },
      { key: '/analytics/stores', area: 'analytics', icon: <ShopOutlined />, label: t('nav.stores') },
      { key: '/analytics/exports', area: 'exports', icon: <CloudDownloadOutlined />, label: t('nav.exports') },
      { key: '/analytics/reports', area: 'reports', icon: <ScheduleOutlined />, label: t('nav.reports') },
    ]),
    // The engineer's own queue, on top: what they open on site from a phone.
    ...(roles.includes('engineer') && canAccess(roles, 'workOrders')
      ? [{ key: '/my-work-orders', icon: <ToolOutlined />, label: t('nav.myWorkOrders') }]
      : []),
    // An engineer's own report (who reads analytics opens anyone's page from the rankings instead).
    ...(!analytics && canAccess(roles, 'myReport')
      ? [{ key: '/my-report', icon: <TrophyOutlined />, label: t('nav.myReport') }]
      : []),
    ...(canAccess(roles, 'workOrders')
      ? [{ key: '/work-orders', icon: <FileTextOutlined />, label: t('nav.workOrders') }]
      : []),
    ...(canAccess(roles, 'cases') ? [{ key: '/cases', icon: <SolutionOutlined />, label: t('nav.cases') }] : []),
    followUpsOn
      ? group('followUps', <PhoneOutlined />, t('followUps.nav.group'), [
          { key: '/follow-ups', area: 'followUps', icon: <PhoneOutlined />, label: t('followUps.nav.mine') },
          { key: '/follow-ups/team', area: 'followUpTeam', icon: <TeamOutlined />, label: t('followUps.nav.team') },
        ])
      : null,
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
      {
        key: '/rating/follow-up-rules',
        area: 'rules',
        icon: <CustomerServiceOutlined />,
        label: t('nav.followUpRules'),
      },
    ]),
    group('settings', <SettingOutlined />, t('nav.settings'), [
      { key: '/settings/organisation', area: 'organisation', icon: <BankOutlined />, label: t('organisation.nav') },
      { key: '/settings/privacy', area: 'privacy', icon: <SafetyOutlined />, label: t('privacy.nav') },
      { key: '/settings/channels', area: 'channels', icon: <MailOutlined />, label: t('channels.title') },
      {
        key: '/settings/message-templates',
        area: 'messageTemplates',
        icon: <MessageOutlined />,
        label: t('messageTemplates.title'),
      },
      { key: '/settings/sla-policies', area: 'sla', icon: <ClockCircleOutlined />, label: t('nav.slaPolicies') },
      {
        key: '/settings/business-calendars',
        area: 'sla',
        icon: <CalendarOutlined />,
        label: t('nav.businessCalendars'),
      },
      { key: '/settings/alert-rules', area: 'alertRules', icon: <AlertOutlined />, label: t('nav.alertRules') },
      { key: '/settings/touchpoints', area: 'serviceTypes', icon: <NodeIndexOutlined />, label: t('nav.touchpoints') },
      {
        key: '/settings/follow-ups',
        area: 'followUpSettings',
        icon: <PhoneOutlined />,
        label: t('followUps.nav.settings'),
      },
      {
        key: '/settings/keyword-dictionary',
        area: 'keywordDictionary',
        icon: <TagsOutlined />,
        label: t('nav.keywordDictionary'),
      },
      { key: '/settings/sandbox', area: 'sandbox', icon: <InboxOutlined />, label: t('sandbox.title') },
      { key: '/settings/api-keys', area: 'apiKeys', icon: <KeyOutlined />, label: t('nav.apiKeys') },
      { key: '/settings/webhooks', area: 'webhooks', icon: <ApiOutlined />, label: t('nav.webhooks') },
      { key: '/settings/system', area: 'system', icon: <DashboardOutlined />, label: t('nav.system') },
      { key: '/settings/audit', area: 'audit', icon: <AuditOutlined />, label: t('nav.audit') },
    ]),
  ].filter((item): item is MenuItem => item !== null);

  const onLogout = async () => {
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        collapsedWidth={phone ? 0 : 80}
        // On a phone the header's menu button toggles it (antd's floating tab would cover the page title).
        trigger={phone ? null : undefined}
        theme="light"
        width={220}
      >
        <div style={{ padding: '16px 20px', fontWeight: 700, fontSize: 18, color: '#1f6feb', whiteSpace: 'nowrap' }}>
          {collapsed ? 'R' : 'Rateloop'}
        </div>
        <Menu
          mode="inline"
          data-testid="main-menu"
          selectedKeys={[selectedKey(location.pathname)]}
          defaultOpenKeys={['analytics', 'followUps', 'org', 'rating', 'settings']}
          items={items}
          onClick={({ key }) => {
            navigate(key);
            if (phone) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: phone ? '0 12px' : '0 24px',
            display: 'flex',
            justifyContent: phone ? 'space-between' : 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {phone ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('layout.menu')}
              onClick={() => setCollapsed(!collapsed)}
              data-testid="menu-toggle"
            />
          ) : null}
          <Space size="middle">
            {live ? <LiveStatusDot status={live} /> : null}
            {session ? <NotificationBell phone={phone} /> : null}
            <Typography.Text data-testid="current-user" style={phone ? { display: 'none' } : undefined}>
              <UserOutlined /> {session?.user.name || session?.user.username}
            </Typography.Text>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={onLogout} data-testid="logout">
              {t('layout.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: phone ? 12 : 24 }}>
          <DeliveryBanners />
          {/* On a phone every button and field is large (40 px): tapped with a thumb, not clicked with a mouse. */}
          <ConfigProvider componentSize={phone ? 'large' : undefined}>
            <Suspense fallback={<Skeleton active />}>
              <Outlet />
            </Suspense>
          </ConfigProvider>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
