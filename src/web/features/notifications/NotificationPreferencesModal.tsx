import { App, Form, Modal, Select, Spin, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../app/useApiError';
import { DIGESTS, type NotificationPreferences, usePreferences, useSavePreferences } from './notificationsApi';

/** "My notification settings": e-mail, SMS, digest, quiet hours, the chime. */
export function NotificationPreferencesModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NotificationPreferences>();
  const preferences = usePreferences(open);
  const save = useSavePreferences();
  const showError = useApiError();

  useEffect(() => {
    if (open && preferences.data) form.setFieldsValue(preferences.data);
  }, [open, preferences.data, form]);

  return (
    <Modal
      open={open}
      title={t('notifications.settingsTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'notification-settings-save' }}
      onOk={() =>
        form.validateFields().then((values) =>
          save.mutate(values, {
            onSuccess: () => {
              void message.success(t('notifications.saved'));
              onClose();
            },
            onError: (error) => showError(error, form),
          }),
        )
      }
      destroyOnHidden
    >
      {preferences.isLoading ? (
        <Spin />
      ) : (
        <Form form={form} layout="vertical" preserve={false}>
          <Typography.Paragraph type="secondary">{t('notifications.settingsHelp')}</Typography.Paragraph>
          <Form.Item name="email" label={t('notifications.email')} valuePropName="checked">
            <Switch data-testid="notification-email" />
          </Form.Item>
          <Form.Item name="sms" label={t('notifications.sms')} valuePropName="checked">
            <Switch data-testid="notification-sms" />
          </Form.Item>
          <Form.Item name="digest" label={t('notifications.digest')} rules={[{ required: true }]}>
            <Select
              data-testid="notification-digest"
              options={DIGESTS.map((d) => ({ value: d, label: t(`notifications.digests.${d}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="quietHours"
            label={t('notifications.quietHours')}
            extra={t('notifications.quietHoursHelp')}
            valuePropName="checked"
          >
            <Switch data-testid="notification-quiet-hours" />
          </Form.Item>
          <Form.Item name="sound" label={t('notifications.sound')} valuePropName="checked">
            <Switch data-testid="notification-sound" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
