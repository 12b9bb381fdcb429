import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { SEVERITY_COLORS } from '../cases/casesApi';
import { playChime } from './chime';
import { NotificationPreferencesModal } from './NotificationPreferencesModal';
import {
  type Notification,
  notificationLink,
  notificationText,
  useInbox,
  useMarkRead,
  usePreferences,
  useUnreadCount,
} from './notificationsApi';

/**
 * The header's bell (issue 17): the unread count as a badge, refreshed live by `notification.created` on the event
 * stream; a drawer with the inbox; a chime when the count grows and the user keeps the sound on.
 */
export function NotificationBell({ phone }: { phone: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const unread = useUnreadCount(true);
  const preferences = usePreferences();
  const inbox = useInbox(open);
  const markRead = useMarkRead();
  const count = unread.data?.unread ?? 0;
  const formatDate = useFormatDate();

  const previous = useRef<number | null>(null);
  useEffect(() => {
    if (unread.data === undefined) return;
    if (previous.current !== null && count > previous.current && preferences.data?.sound) playChime();
    previous.current = count;
  }, [count, unread.data, preferences.data?.sound]);

  const openItem = (n: Notification) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
    const link = notificationLink(n);
    if (link) {
      setOpen(false);
      navigate(link);
    }
  };

  return (
    <>
      <Badge count={count} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notifications.open', { count })}
          onClick={() => setOpen(true)}
          data-testid="notification-bell"
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications.title')}
        width={phone ? '100%' : 420}
        extra={
          <Space>
            <Button size="small" onClick={() => setSettingsOpen(true)} data-testid="notification-settings">
              {t('notifications.settings')}
            </Button>
            <Button
              size="small"
              disabled={count === 0}
              loading={markRead.isPending}
              onClick={() => markRead.mutate({ all: true })}
              data-testid="notifications-read-all"
            >
              {t('notifications.readAll')}
            </Button>
          </Space>
        }
      >
        {inbox.isError ? (
          <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
        ) : inbox.isLoading ? (
          <Spin />
        ) : (inbox.data?.items.length ?? 0) === 0 ? (
          <Empty description={t('notifications.empty')} />
        ) : (
          <List
            data-testid="notification-list"
            dataSource={inbox.data?.items ?? []}
            renderItem={(n) => (
              <List.Item
                key={n.id}
                onClick={() => openItem(n)}
                style={{ cursor: 'pointer', background: n.readAt ? undefined : '#e6f4ff', paddingInline: 8 }}
                data-testid="notification-item"
              >
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      {n.severity && n.severity in SEVERITY_COLORS ? (
                        <Tag color={SEVERITY_COLORS[n.severity as keyof typeof SEVERITY_COLORS]}>
                          {t(`cases.severity.${n.severity}`)}
                        </Tag>
                      ) : null}
                      <Typography.Text strong={!n.readAt}>{notificationText(n, t)}</Typography.Text>
                    </Space>
                  }
                  description={formatDate(n.createdAt)}
                />
              </List.Item>
            )}
          />
        )}
      </Drawer>
      <NotificationPreferencesModal open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </>
  );
}
