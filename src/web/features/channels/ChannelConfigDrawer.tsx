import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Drawer, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import {
  ALIYUN_DEFAULT_PARAMS,
  CHANNEL_PROVIDERS,
  type ChannelConfig,
  type ChannelProvider,
  channelKeys,
  formToSecrets,
  formToSettings,
  initialSettings,
  JsonFieldError,
  MESSAGE_PURPOSES,
  PROVIDER_SPECS,
  type SettingField,
  settingsToForm,
} from './channelsApi';
import { SecretInput } from './SecretInput';

/** The generic HTTP body template's own `{{…}}` placeholders, shown literally in its help text. */
const LITERAL_PLACEHOLDERS = { to: '{{to}}', text: '{{text}}', ref: '{{ref}}' };

interface Values {
  provider: ChannelProvider;
  name: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  secrets: Record<string, string | null | undefined>;
}

interface Props {
  open: boolean;
  /** null = create */
  config: ChannelConfig | null;
  onClose: () => void;
}

/** One setting's control; Form.Item injects `value`/`checked` and `onChange`, passed on in `rest`. */
function SettingInput({ field, testId, ...rest }: { field: SettingField; testId: string; [prop: string]: unknown }) {
  switch (field.kind) {
    case 'number':
      return (
        <InputNumber
          {...rest}
          min={field.min}
          max={field.max}
          placeholder={field.placeholder}
          style={{ width: '100%' }}
          data-testid={testId}
        />
      );
    case 'switch':
      return <Switch {...rest} data-testid={testId} />;
    case 'method':
      return (
        <Select
          {...rest}
          data-testid={testId}
          options={[
            { value: 'POST', label: 'POST' },
            { value: 'PUT', label: 'PUT' },
          ]}
        />
      );
    case 'textarea':
    case 'json':
      return (
        <Input.TextArea
          {...rest}
          autoSize={{ minRows: 3, maxRows: 10 }}
          style={{ fontFamily: 'monospace' }}
          placeholder={field.placeholder}
          data-testid={testId}
        />
      );
    default:
      return <Input {...rest} placeholder={field.placeholder} data-testid={testId} />;
  }
}

/**
 * One approved template per message purpose (Aliyun: each kind of message needs its own approved template). The
 * invitation's is required; a reminder without its own uses the invitation's; other purposes are optional.
 */
function PurposeTemplates({ fieldKey }: { fieldKey: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`setting-${fieldKey}`}>
      <Typography.Paragraph type="secondary">{t('channels.help.purposeTemplates')}</Typography.Paragraph>
      {MESSAGE_PURPOSES.map((purpose) => (
        <div key={purpose} style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            name={['settings', fieldKey, purpose, 'templateCode']}
            label={`${t(`channels.purposes.${purpose}`)} · ${t('channels.fields.templateCode')}`}
            rules={purpose === 'invitation' ? [{ required: true, message: t('channels.fieldRequired') }] : undefined}
            style={{ flex: '1 1 200px', minWidth: 0 }}
          >
            <Input placeholder="SMS_123456789" data-testid={`template-${purpose}-code`} />
          </Form.Item>
          <Form.Item
            name={['settings', fieldKey, purpose, 'templateParams']}
            label={t('channels.fields.templateParams')}
            style={{ flex: '2 1 280px', minWidth: 0 }}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              style={{ fontFamily: 'monospace' }}
              placeholder={JSON.stringify(ALIYUN_DEFAULT_PARAMS)}
              data-testid={`template-${purpose}-params`}
            />
          </Form.Item>
        </div>
      ))}
    </div>
  );
}

/** Create or edit one provider configuration; the fields follow the provider. */
export function ChannelConfigDrawer({ open, config, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const watched = Form.useWatch('provider', form);
  const provider: ChannelProvider = config?.provider ?? watched ?? 'smtp';
  const spec = PROVIDER_SPECS[provider];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      config
        ? {
            provider: config.provider,
            name: config.name,
            enabled: config.enabled,
            settings: settingsToForm(config.provider, config.settings),
            secrets: {},
          }
        : { provider: 'smtp', name: '', enabled: true, settings: initialSettings('smtp'), secrets: {} },
    );
  }, [open, config, form]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const settings = formToSettings(provider, values.settings ?? {});
      const secrets = formToSecrets(values.secrets, !config);
      const body = {
        name: values.name.trim(),
        enabled: values.enabled,
        settings,
        ...(Object.keys(secrets).length > 0 && { secrets }),
      };
      return config
        ? ok(client.PATCH('/channel-configs/{id}', { params: { path: { id: config.id } }, body }))
        : ok(client.POST('/channel-configs', { body: { ...body, provider } }));
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: channelKeys.configs });
      onClose();
    },
    onError: (error) => {
      if (error instanceof JsonFieldError) {
        form.setFields([{ name: ['settings', ...error.key.split('.')], errors: [t('channels.invalidJson')] }]);
        return;
      }
      onError(error, form);
    },
  });

  return (
    <Drawer
      open={open}
      size={640}
      title={config ? t('channels.editTitle') : t('channels.newTitle')}
      onClose={onClose}
      destroyOnHidden
      data-testid="channel-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="channel-save">
            {config ? t('common.save') : t('common.create')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="provider" label={t('channels.provider')} extra={t(`channels.providerHelp.${provider}`)}>
          <Select
            data-testid="channel-provider"
            disabled={config !== null}
            onChange={(next: ChannelProvider) => {
              form.setFieldsValue({ settings: initialSettings(next), secrets: {} });
            }}
            options={CHANNEL_PROVIDERS.map((p) => ({
              value: p,
              label: `${t(`channels.providers.${p}`)} · ${t(`channels.channels.${PROVIDER_SPECS[p].channel}`)}`,
            }))}
          />
        </Form.Item>
        <Space size="large" align="start" style={{ width: '100%' }}>
          <Form.Item
            name="name"
            label={t('channels.name')}
            rules={[{ required: true, whitespace: true, message: t('channels.nameRequired') }]}
            style={{ width: 420 }}
          >
            <Input maxLength={100} placeholder={t('channels.namePlaceholder')} data-testid="channel-name" />
          </Form.Item>
          <Form.Item name="enabled" label={t('channels.enabled')} valuePropName="checked">
            <Switch data-testid="channel-enabled" />
          </Form.Item>
        </Space>
        <Divider titlePlacement="start">{t('channels.settings')}</Divider>
        {spec.settings.map((field) =>
          field.kind === 'purposeTemplates' ? (
            <PurposeTemplates key={`${provider}-${field.key}`} fieldKey={field.key} />
          ) : (
            <Form.Item
              key={`${provider}-${field.key}`}
              name={['settings', field.key]}
              label={t(`channels.fields.${field.key}`)}
              valuePropName={field.kind === 'switch' ? 'checked' : 'value'}
              rules={field.required ? [{ required: true, message: t('channels.fieldRequired') }] : undefined}
              extra={t(`channels.help.${field.key}`, { defaultValue: '', ...LITERAL_PLACEHOLDERS }) || undefined}
            >
              <SettingInput field={field} testId={`setting-${field.key}`} />
            </Form.Item>
          ),
        )}
        <Divider titlePlacement="start">{t('channels.secrets')}</Divider>
        {spec.secrets.map((field) => {
          const mask = config?.secrets[field.key]?.mask;
          return (
            <Form.Item
              key={`${provider}-${field.key}`}
              name={['secrets', field.key]}
              label={t(`channels.fields.${field.key}`)}
              extra={mask ? t('channels.secret.storedHelp') : t('channels.secret.help')}
              rules={
                field.required && !mask
                  ? [{ required: true, whitespace: true, message: t('channels.fieldRequired') }]
                  : undefined
              }
            >
              <SecretInput
                mask={mask}
                required={field.required}
                placeholder={field.placeholder}
                testId={`secret-${field.key}`}
              />
            </Form.Item>
          );
        })}
      </Form>
    </Drawer>
  );
}
