import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Checkbox, Form, Input, Modal, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEndpoint,
  type WebhookEventType,
  webhookEventText,
  webhookKeys,
} from './webhooksApi';

interface Values {
  url: string;
  description?: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
}

/** Adds an endpoint (its secret is handed to `onCreated`, to be shown once) or changes one. */
export function EndpointFormModal({
  open,
  endpoint,
  onClose,
  onCreated,
}: {
  open: boolean;
  /** The endpoint to change; absent to add one. */
  endpoint?: WebhookEndpoint | null;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const onError = useApiError();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (endpoint) {
      form.setFieldsValue({
        url: endpoint.url,
        description: endpoint.description,
        eventTypes: endpoint.eventTypes.filter((type): type is WebhookEventType =>
          (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type),
        ),
        enabled: endpoint.enabled,
      });
    }
  }, [open, endpoint, form]);

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = {
        url: values.url.trim(),
        description: values.description?.trim() ?? '',
        eventTypes: values.eventTypes,
        enabled: values.enabled,
      };
      if (endpoint) {
        await ok(client.PATCH('/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } }, body }));
        return null;
      }
      return (await ok(client.POST('/webhook-endpoints', { body }))).secret;
    },
    onSuccess: async (secret) => {
      await queryClient.invalidateQueries({ queryKey: webhookKeys.all });
      if (secret) onCreated(secret);
      else onClose();
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Modal
      open={open}
      title={endpoint ? t('webhooks.editTitle') : t('webhooks.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={endpoint ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending, ...testId('webhook-save') }}
      destroyOnHidden
      width={600}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ eventTypes: [...WEBHOOK_EVENT_TYPES], enabled: true }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHelp')}
          rules={[
            { required: true, whitespace: true, message: t('webhooks.urlRequired') },
            { type: 'url', message: t('webhooks.urlInvalid') },
            { pattern: /^https?:\/\//i, message: t('webhooks.urlInvalid') },
          ]}
        >
          <Input data-testid="webhook-url" placeholder="https://example.com/rateloop/webhooks" {...inputLimit(2048)} />
        </Form.Item>
        <Form.Item name="description" label={t('webhooks.description')}>
          <Input.TextArea
            data-testid="webhook-description"
            autoSize={{ minRows: 2, maxRows: 4 }}
            {...inputLimit(500)}
          />
        </Form.Item>
        <Form.Item
          name="eventTypes"
          label={t('webhooks.eventTypes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventTypesRequired') }]}
        >
          <Checkbox.Group
            data-testid="webhook-events"
            style={{ display: 'grid', gap: 8 }}
            options={WEBHOOK_EVENT_TYPES.map((type) => ({
              value: type,
              label: (
                <span>
                  {webhookEventText(t, type)} <code style={{ color: '#595959' }}>{type}</code>
                </span>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="enabled"
          label={t('webhooks.enabled')}
          valuePropName="checked"
          extra={endpoint?.disabledReason ? t('webhooks.enableAgainHelp') : undefined}
        >
          <Switch data-testid="webhook-enabled" aria-label={t('webhooks.enabled')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
