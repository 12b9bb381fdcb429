import { useMutation } from '@tanstack/react-query';
import { Alert, Descriptions, Form, Input, Modal, Radio, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import type { ChannelConfig } from './channelsApi';

interface Values {
  to?: string;
  lang: 'zh-CN' | 'en';
}

const KIND_COLORS = { transient: 'orange', permanent: 'red', quota: 'volcano', unknown: 'gold' } as const;

/** Sends the saved template with sample values through one configuration and shows the provider's answer. */
export function TestMessageModal({ config, onClose }: { config: ChannelConfig | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const onError = useApiError();
  const send = useMutation({
    mutationFn: (values: Values) =>
      ok(
        client.POST('/channel-configs/{id}/test', {
          params: { path: { id: config?.id ?? '' } },
          body: { to: values.to?.trim() || undefined, lang: values.lang },
        }),
      ),
    onError: (error) => onError(error, form),
  });
  const { reset } = send;

  useEffect(() => {
    if (!config) return;
    reset();
    form.resetFields();
    form.setFieldsValue({ lang: i18n.language === 'en' ? 'en' : 'zh-CN' });
  }, [config, form, reset, i18n.language]);

  const channel = config?.channel;
  const result = send.data;
  return (
    <Modal
      open={config !== null}
      title={t('channels.test.title', { name: config?.name ?? '' })}
      onCancel={onClose}
      okText={t('channels.test.send')}
      cancelText={t('common.close')}
      okButtonProps={{ loading: send.isPending, 'data-testid': 'test-send' }}
      onOk={() => form.submit()}
      destroyOnHidden
      data-testid="test-modal"
    >
      <Form form={form} layout="vertical" onFinish={(values) => send.mutate(values)}>
        {channel === 'webhook' ? (
          <Alert type="info" showIcon title={t('channels.test.webhookHelp')} style={{ marginBottom: 16 }} />
        ) : (
          <Form.Item
            name="to"
            label={t(`channels.test.to.${channel ?? 'email'}`)}
            rules={[{ required: true, whitespace: true, message: t('channels.test.toRequired') }]}
            extra={t('channels.test.help')}
          >
            <Input
              data-testid="test-to"
              maxLength={320}
              placeholder={t(`channels.test.toPlaceholder.${channel ?? 'email'}`)}
            />
          </Form.Item>
        )}
        <Form.Item name="lang" label={t('channels.test.lang')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
      </Form>
      {result ? (
        result.ok ? (
          <Alert
            type="success"
            showIcon
            data-testid="test-result-ok"
            title={t('channels.test.ok')}
            description={
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('channels.test.messageId')}>
                  <span data-testid="test-message-id">{result.providerMessageId ?? '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('channels.test.duration')}>{`${result.durationMs} ms`}</Descriptions.Item>
              </Descriptions>
            }
          />
        ) : (
          <Alert
            type="error"
            showIcon
            data-testid="test-result-error"
            title={t('channels.test.failed')}
            description={
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('channels.test.kind')}>
                  {result.kind ? (
                    <Tag color={KIND_COLORS[result.kind]} data-testid="test-error-kind">
                      {t(`channels.test.kinds.${result.kind}`)}
                    </Tag>
                  ) : (
                    '—'
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('channels.test.code')}>
                  <span data-testid="test-error-code">{result.code ?? '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('channels.test.detail')}>{result.detail ?? '—'}</Descriptions.Item>
                {result.retryAfterSeconds ? (
                  <Descriptions.Item label={t('channels.test.retryAfter')}>
                    {`${result.retryAfterSeconds} s`}
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            }
          />
        )
      ) : null}
    </Modal>
  );
}
