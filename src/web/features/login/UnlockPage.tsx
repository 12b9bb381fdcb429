import { LockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import { SESSION_KEY, useAuth } from '../../app/auth';
import { API_ERROR_MESSAGE, useApiError } from '../../app/useApiError';
import { AuthCard } from './AuthCard';

interface UnlockForm {
  password: string;
}

/**
 * Pad mode's lock screen (`/unlock`): the engineer handed the device to a customer and the server suspended the
 * console session. Only the session's own password (`POST /auth/unlock`, counted like a login) brings the console
 * back — to the work order the device was handed over from.
 */
export function UnlockPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<UnlockForm>();
  const { session, setSession, logout } = useAuth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const onError = useApiError();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async ({ password }: UnlockForm) => {
    setSubmitting(true);
    try {
      const unlocked = await ok(client.POST('/auth/unlock', { body: { password } }));
      // Everything asked while locked answered 423: ask again.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      message.destroy(API_ERROR_MESSAGE);
      message.success(t('unlock.unlocked'));
      // The unlock route then leaves for the work order the device was handed over from (`padWorkOrderId`).
      setSession(unlocked);
    } catch (error) {
      form.setFieldValue('password', '');
      onError(error, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthCard title={t('unlock.title')}>
      <div data-testid="lock-screen">
        <Alert
          type="warning"
          showIcon
          icon={<LockOutlined />}
          title={t('unlock.intro', { name: session?.user.name ?? '' })}
          style={{ marginBottom: 16 }}
        />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="password"
            label={t('unlock.password')}
            rules={[{ required: true, message: t('unlock.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" autoFocus size="large" data-testid="unlock-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="unlock-submit">
            {t('unlock.submit')}
          </Button>
          <Button
            type="link"
            block
            style={{ marginTop: 8 }}
            onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
          >
            {t('unlock.logout')}
          </Button>
        </Form>
      </div>
    </AuthCard>
  );
}
