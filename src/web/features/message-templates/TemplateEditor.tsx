import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, Input, Popconfirm, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { type SyntheticEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { MessagePreview } from './MessagePreview';
import {
  MESSAGE_TEMPLATES_KEY,
  type MessageChannel,
  type MessageLang,
  type MessageTemplate,
  type RenderedMessage,
  variablesFor,
} from './messageTemplatesApi';

const DEBOUNCE_MS = 400;
const FIELD_KEY = /^[a-z][a-z_]*\d*$/;

function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

interface Values {
  content: Record<string, unknown>;
}

interface Caret {
  path: string[];
  element: HTMLInputElement | HTMLTextAreaElement;
  start: number;
  end: number;
}

/** The form's content → the body the server expects (only the WeChat fields still listed). */
function contentOf(channel: MessageChannel, raw: Record<string, unknown> | undefined, fieldKeys: string[]) {
  const content = raw ?? {};
  if (channel === 'sms') return { text: content.text ?? '' };
  if (channel === 'email')
    return { subject: content.subject ?? '', html: content.html ?? '', text: content.text ?? '' };
  const fields = (content.fields ?? {}) as Record<string, unknown>;
  return {
    templateId: content.templateId ?? '',
    fields: Object.fromEntries(fieldKeys.map((key) => [key, fields[key] ?? ''])),
  };
}

/** WeChat ids belong to each Official Account and the default has none yet: preview with a stand-in. */
function previewContent(channel: MessageChannel, content: Record<string, unknown>) {
  if (channel !== 'wechat' || String(content.templateId ?? '').trim()) return content;
  return { ...content, templateId: '—' };
}

interface Props {
  channel: MessageChannel;
  lang: MessageLang;
  template: MessageTemplate;
  variables: string[];
}

/** Edits one channel × language template, with a variable picker and a live preview. */
export function TemplateEditor({ channel, lang, template, variables }: Props) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const caret = useRef<Caret | null>(null);
  const [fieldKeys, setFieldKeys] = useState<string[]>(() =>
    Object.keys((template.content.fields ?? {}) as Record<string, string>),
  );
  const [newKey, setNewKey] = useState('');
  const watched = Form.useWatch('content', form) as Record<string, unknown> | undefined;
  const body = JSON.stringify(contentOf(channel, watched ?? template.content, fieldKeys));
  const debounced = useDebounced(body, DEBOUNCE_MS);

  const preview = useQuery({
    queryKey: ['message-template-preview', channel, lang, debounced],
    queryFn: ({ signal }) =>
      ok(
        client.POST('/message-templates/preview', {
          body: { channel, lang, content: previewContent(channel, JSON.parse(debounced)) },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });

  // While the text does not render (e.g. a half-typed variable), keep showing the last good preview.
  const lastRendered = useRef<RenderedMessage | undefined>(undefined);
  if (preview.data && !preview.isError) lastRendered.current = preview.data;

  const save = useMutation({
    mutationFn: () =>
      ok(
        client.PUT('/message-templates/{channel}/{lang}', {
          params: { path: { channel, lang } },
          body: { content: JSON.parse(body) },
        }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: MESSAGE_TEMPLATES_KEY });
    },
    onError: (error) => onError(error, form),
  });

  const reset = useMutation({
    mutationFn: () =>
      ok(client.POST('/message-templates/{channel}/{lang}/reset', { params: { path: { channel, lang } } })),
    onSuccess: async (fresh) => {
      form.resetFields();
      form.setFieldsValue({ content: fresh.content });
      setFieldKeys(Object.keys((fresh.content.fields ?? {}) as Record<string, string>));
      message.success(t('messageTemplates.resetDone'));
      await queryClient.invalidateQueries({ queryKey: MESSAGE_TEMPLATES_KEY });
    },
    onError: (error) => onError(error),
  });

  /** Remembers the focused text field and its selection, so a picked variable goes where the cursor is. */
  const track = (event: SyntheticEvent) => {
    const element = event.target as HTMLInputElement | HTMLTextAreaElement;
    const path = element.dataset?.field;
    if (!path) return;
    caret.current = {
      path: path.split('.'),
      element,
      start: element.selectionStart ?? element.value.length,
      end: element.selectionEnd ?? element.value.length,
    };
  };

  const insert = (name: string) => {
    const token = `#${name}#`;
    const fallbackPath =
      channel === 'sms'
        ? ['content', 'text']
        : channel === 'email'
          ? ['content', 'html']
          : ['content', 'fields', fieldKeys[0] ?? 'first'];
    const at = caret.current;
    const path = at?.path ?? fallbackPath;
    const current = String(form.getFieldValue(path) ?? '');
    const start = at ? Math.min(at.start, current.length) : current.length;
    const end = at ? Math.min(at.end, current.length) : current.length;
    const next = current.slice(0, start) + token + current.slice(end);
    form.setFieldValue(path, next);
    form.setFields([{ name: path, errors: [] }]);
    const position = start + token.length;
    if (at) {
      caret.current = { ...at, start: position, end: position };
      requestAnimationFrame(() => {
        at.element.focus();
        at.element.setSelectionRange(position, position);
      });
    }
  };

  const textArea = (path: string[], rows: number, testId: string, mono = false) => (
    <Input.TextArea
      data-field={path.join('.')}
      data-testid={testId}
      autoSize={{ minRows: rows, maxRows: rows * 3 }}
      style={mono ? { fontFamily: 'monospace', fontSize: 12 } : undefined}
    />
  );

  const usable = variablesFor(channel, variables);
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={13}>
        <Card
          title={
            <Space>
              {t(`messageTemplates.channels.${channel}`)}
              <Typography.Text type="secondary">{lang === 'en' ? 'English' : '中文'}</Typography.Text>
              {template.isDefault ? (
                <Tag data-testid="template-default">{t('messageTemplates.isDefault')}</Tag>
              ) : (
                <Tag color="blue" data-testid="template-custom">
                  {t('messageTemplates.customised', { date: formatDate(template.updatedAt) })}
                </Tag>
              )}
            </Space>
          }
          extra={
            <Space>
              <Popconfirm
                title={t('messageTemplates.resetConfirm')}
                description={t('messageTemplates.resetHelp')}
                okText={t('messageTemplates.reset')}
                cancelText={t('common.cancel')}
                onConfirm={() => reset.mutate()}
              >
                <Button icon={<UndoOutlined />} loading={reset.isPending} data-testid="template-reset">
                  {t('messageTemplates.reset')}
                </Button>
              </Popconfirm>
              <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="template-save">
                {t('common.save')}
              </Button>
            </Space>
          }
        >
          <div style={{ marginBottom: 16 }} data-testid="variable-picker">
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
              {t('messageTemplates.insertVariable')}
            </Typography.Text>
            <Flex wrap gap={6}>
              {usable.map((name) => (
                <Tooltip key={name} title={t(`messageTemplates.variables.${name}`, { defaultValue: name })}>
                  <Button
                    size="small"
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => insert(name)}
                    data-testid={`var-${name}`}
                  >
                    {`#${name}#`}
                  </Button>
                </Tooltip>
              ))}
            </Flex>
          </div>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ content: template.content }}
            onFinish={() => save.mutate()}
            onFocusCapture={track}
            onSelectCapture={track}
            onKeyUpCapture={track}
            onClickCapture={track}
          >
            {channel === 'sms' ? (
              <Form.Item
                name={['content', 'text']}
                label={t('messageTemplates.fields.smsText')}
                extra={t('messageTemplates.help.urlRequired')}
                rules={[{ required: true, whitespace: true, message: t('messageTemplates.required') }]}
              >
                {textArea(['content', 'text'], 4, 'field-text')}
              </Form.Item>
            ) : null}
            {channel === 'email' ? (
              <>
                <Form.Item
                  name={['content', 'subject']}
                  label={t('messageTemplates.fields.subject')}
                  rules={[{ required: true, whitespace: true, message: t('messageTemplates.required') }]}
                >
                  <Input data-field="content.subject" data-testid="field-subject" maxLength={200} />
                </Form.Item>
                <Form.Item
                  name={['content', 'html']}
                  label={t('messageTemplates.fields.html')}
                  extra={t('messageTemplates.help.html')}
                  rules={[{ required: true, message: t('messageTemplates.required') }]}
                >
                  {textArea(['content', 'html'], 10, 'field-html', true)}
                </Form.Item>
                <Form.Item
                  name={['content', 'text']}
                  label={t('messageTemplates.fields.text')}
                  extra={t('messageTemplates.help.urlRequired')}
                  rules={[{ required: true, message: t('messageTemplates.required') }]}
                >
                  {textArea(['content', 'text'], 6, 'field-text')}
                </Form.Item>
              </>
            ) : null}
            {channel === 'wechat' ? (
              <>
                <Form.Item
                  name={['content', 'templateId']}
                  label={t('messageTemplates.fields.templateId')}
                  extra={t('messageTemplates.help.templateId')}
                  rules={[{ required: true, whitespace: true, message: t('messageTemplates.required') }]}
                >
                  <Input data-testid="field-templateId" maxLength={100} />
                </Form.Item>
                {fieldKeys.map((key) => (
                  <Form.Item
                    key={key}
                    label={<Typography.Text code>{key}</Typography.Text>}
                    style={{ marginBottom: 0 }}
                  >
                    <Flex gap={8} align="start">
                      <Form.Item name={['content', 'fields', key]} style={{ flex: 1 }}>
                        <Input data-field={`content.fields.${key}`} data-testid={`field-${key}`} maxLength={200} />
                      </Form.Item>
                      <Tooltip title={t('messageTemplates.removeField')}>
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={t('messageTemplates.removeField')}
                          disabled={fieldKeys.length <= 1}
                          onClick={() => setFieldKeys((keys) => keys.filter((k) => k !== key))}
                        />
                      </Tooltip>
                    </Flex>
                  </Form.Item>
                ))}
                <Space.Compact style={{ maxWidth: 360 }}>
                  <Input
                    value={newKey}
                    onChange={(event) => setNewKey(event.target.value.trim())}
                    placeholder={t('messageTemplates.newFieldPlaceholder')}
                    status={newKey && !FIELD_KEY.test(newKey) ? 'error' : undefined}
                    data-testid="new-field-key"
                  />
                  <Button
                    icon={<PlusOutlined />}
                    disabled={!FIELD_KEY.test(newKey) || fieldKeys.includes(newKey) || fieldKeys.length >= 20}
                    onClick={() => {
                      setFieldKeys((keys) => [...keys, newKey]);
                      setNewKey('');
                    }}
                  >
                    {t('messageTemplates.addField')}
                  </Button>
                </Space.Compact>
              </>
            ) : null}
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={11}>
        <MessagePreview
          channel={channel}
          rendered={preview.isError ? lastRendered.current : preview.data}
          loading={preview.isFetching || body !== debounced}
          error={preview.isError ? preview.error : null}
        />
      </Col>
    </Row>
  );
}
