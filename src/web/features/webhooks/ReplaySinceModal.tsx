import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { testId } from '../../components/testId';
import { webhookKeys } from './webhooksApi';

/** "Replay since…": re-sends every delivery of the endpoint created at or after the picked instant. */
export function ReplaySinceModal({
  endpointId,
  open,
  onClose,
}: {
  endpointId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ since: Dayjs }>();
  const onError = useApiError();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const replay = useMutation({
    mutationFn: (since: Dayjs) =>
      ok(
        client.POST('/webhook-endpoints/{id}/replay', {
          params: { path: { id: endpointId } },
          body: { since: since.toISOString() },
        }),
      ),
    onSuccess: async ({ count }) => {
      message.success(t('webhooks.replayedCount', { count }));
      await queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(endpointId) });
      onClose();
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Modal
      open={open}
      title={t('webhooks.replaySinceTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('webhooks.replay')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: replay.isPending, ...testId('webhook-replay-since-confirm') }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ since: dayjs().subtract(1, 'hour').startOf('minute') }}
        onFinish={(values) => replay.mutate(values.since)}
      >
        <Form.Item
          name="since"
          label={t('webhooks.since')}
          extra={t('webhooks.replaySinceHelp')}
          rules={[{ required: true, message: t('webhooks.sinceRequired') }]}
        >
          <DatePicker
            showTime
            data-testid="webhook-replay-since"
            style={{ width: 260, maxWidth: '100%' }}
            disabledDate={(day) => day.isAfter(dayjs())}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
