import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, ok } from '../../api/client';

import { useAuth } from '../../app/auth';
import { API_ERROR_MESSAGE, useApiError } from '../../app/useApiError';
import { AuthCard } from './AuthCard';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export const MIN_PASSWORD_LENGTH = 10;

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordForm>();
  const { session, markPasswordChanged, logout } = useAuth();
  const { message } = App.useApp();
  const onError = useApiError();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async ({ currentPassword, newPassword }: PasswordForm) => {
    setSubmitting(true);
    try {
      await ok(client.POST('/auth/password', { body: { currentPassword, newPassword } }));
      markPasswordChanged();
      // A failed try's error toast must not stay beside the success.
      message.destroy(API_ERROR_MESSAGE);
      message.success(t('password.changed'));
      navigate('/', { replace: true });
    } catch (error) {
      onError(error, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthCard title={t('password.title')}>
      {session?.mustChangePassword ? (
        <Alert type="info" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule', { count: MIN_PASSWORD_LENGTH })}
          rules={[
            { required: true, message: t('password.newRequired') },
            { min: MIN_PASSWORD_LENGTH, message: t('password.tooShort', { count: MIN_PASSWORD_LENGTH }) },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="change-password-submit">
          {t('password.submit')}
        </Button>
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => void logout().then(() => navigate('/login'))}>
          {t('layout.logout')}
        </Button>
      </Form>
    </AuthCard>
  );
}
