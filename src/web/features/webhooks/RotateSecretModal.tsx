import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, InputNumber, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { testId } from '../../components/testId';
import { OVERLAP_HOURS, webhookKeys } from './webhooksApi';

/** Replaces an endpoint's signing secret; the old one keeps signing for the overlap. The new secret goes to `onRotated`. */
export function RotateSecretModal({
  endpointId,
  onClose,
  onRotated,
}: {
  endpointId: string | null;
  onClose: () => void;
  onRotated: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ overlapHours: number }>();
  const onError = useApiError();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (endpointId) form.resetFields();
  }, [endpointId, form]);

  const rotate = useMutation({
    mutationFn: (overlapHours: number) =>
      ok(
        client.POST('/webhook-endpoints/{id}/rotate-secret', {
          params: { path: { id: endpointId ?? '' } },
          body: { overlapHours },
        }),
      ),
    onSuccess: async (answer) => {
      await queryClient.invalidateQueries({ queryKey: webhookKeys.all });
      onRotated(answer.secret);
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Modal
      open={endpointId !== null}
      title={t('webhooks.rotateTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('webhooks.rotate')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: rotate.isPending, ...testId('webhook-rotate-confirm') }}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('webhooks.rotateHelp')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ overlapHours: OVERLAP_HOURS.default }}
        onFinish={(values) => rotate.mutate(values.overlapHours)}
      >
        <Form.Item
          name="overlapHours"
          label={t('webhooks.overlapHours')}
          rules={[
            {
              required: true,
              type: 'integer',
              min: OVERLAP_HOURS.min,
              max: OVERLAP_HOURS.max,
              message: t('webhooks.overlapRange', { min: OVERLAP_HOURS.min, max: OVERLAP_HOURS.max }),
            },
          ]}
        >
          <InputNumber
            data-testid="webhook-overlap"
            min={OVERLAP_HOURS.min}
            max={OVERLAP_HOURS.max}
            precision={0}
            suffix={t('webhooks.hours')}
            style={{ width: 200 }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
