import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, Input, Popconfirm, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { type SyntheticEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { MessagePreview } from './MessagePreview';
import {
  type MessageChannel,
  type MessageLang,
  type MessagePurpose,
  type MessageTemplate,
  messageTemplateKeys,
  type RenderedMessage,
  type WechatFieldTypeInfo,
  wechatTypeOf,
} from './messageTemplatesApi';

const DEBOUNCE_MS = 400;

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
  path: (string | number)[];
  element: HTMLInputElement | HTMLTextAreaElement;
  start: number;
  end: number;
}

/** The form's content → the body the server expects. */
function contentOf(channel: MessageChannel, raw: Record<string, unknown> | undefined) {
  const content = raw ?? {};
  if (channel === 'sms') return { text: content.text ?? '' };
  if (channel === 'email')
    return { subject: content.subject ?? '', html: content.html ?? '', text: content.text ?? '' };
  const fields = Array.isArray(content.fields)
    ? (content.fields as ({ key?: string; text?: string } | undefined)[])
    : [];
  return {
    templateId: content.templateId ?? '',
    fields: fields.map((f) => ({ key: (f?.key ?? '').trim(), text: f?.text ?? '' })),
  };
}

/** WeChat ids belong to each Official Account and the default has none yet: preview with a stand-in. */
function previewContent(channel: MessageChannel, content: Record<string, unknown>) {
  if (channel !== 'wechat' || String(content.templateId ?? '').trim()) return content;
  return { ...content, templateId: '—' };
}

interface Props {
  purpose: MessagePurpose;
  channel: MessageChannel;
  lang: MessageLang;
  template: MessageTemplate;
  /** The variables this purpose offers on this channel. */
  variables: string[];
  /** The variable the SMS text and e-mail bodies must contain (#URL# for invitations). */
  required: string;
  wechatFieldTypes: WechatFieldTypeInfo[];
}

/** A path from a `data-field` attribute (`content.fields.1.text`) as a form NamePath (list indexes as numbers). */
const pathOf = (field: string) => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** Edits one purpose × channel × language template, with a variable picker and a live preview. */
export function TemplateEditor({ purpose, channel, lang, template, variables, required, wechatFieldTypes }: Props) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const caret = useRef<Caret | null>(null);
  const watched = Form.useWatch('content', form) as Record<string, unknown> | undefined;
  const body = JSON.stringify(contentOf(channel, watched ?? template.content));
  const debounced = useDebounced(body, DEBOUNCE_MS);

  const preview = useQuery({
    queryKey: messageTemplateKeys.preview(purpose, channel, lang, debounced),
    queryFn: ({ signal }) =>
      ok(
        client.POST('/message-templates/preview', {
          body: { purpose, channel, lang, content: previewContent(channel, JSON.parse(debounced)) },
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
        client.PUT('/message-templates/{purpose}/{channel}/{lang}', {
          params: { path: { purpose, channel, lang } },
          body: { content: JSON.parse(body) },
        }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: messageTemplateKeys.all });
    },
    onError: (error) => onError(error, form),
  });

  const reset = useMutation({
    mutationFn: () =>
      ok(
        client.POST('/message-templates/{purpose}/{channel}/{lang}/reset', {
          params: { path: { purpose, channel, lang } },
        }),
      ),
    onSuccess: async (fresh) => {
      form.resetFields();
      form.setFieldsValue({ content: fresh.content });
      message.success(t('messageTemplates.resetDone'));
      await queryClient.invalidateQueries({ queryKey: messageTemplateKeys.all });
    },
    onError: (error) => onError(error),
  });

  /** Remembers the focused text field and its selection, so a picked variable goes where the cursor is. */
  const track = (event: SyntheticEvent) => {
    const element = event.target as HTMLInputElement | HTMLTextAreaElement;
    const path = element.dataset?.field;
    if (!path) return;
    caret.current = {
      path: pathOf(path),
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
          : ['content', 'fields', 0, 'text'];
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

  const usable = variables;
  const requiredHelp = t('messageTemplates.help.required', { name: `#${required}#` });
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
                extra={requiredHelp}
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
                  <Input data-field="content.subject" data-testid="field-subject" {...inputLimit(200)} />
                </Form.Item>
                <Form.Item
                  name={['content', 'html']}
                  label={t('messageTemplates.fields.html')}
                  extra={`${requiredHelp} ${t('messageTemplates.help.html')}`}
                  rules={[{ required: true, message: t('messageTemplates.required') }]}
                >
                  {textArea(['content', 'html'], 10, 'field-html', true)}
                </Form.Item>
                <Form.Item
                  name={['content', 'text']}
                  label={t('messageTemplates.fields.text')}
                  extra={requiredHelp}
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
                  <Input data-testid="field-templateId" {...inputLimit(100)} />
                </Form.Item>
                <Typography.Paragraph type="secondary" style={{ fontSize: 13 }} data-testid="wechat-fields-help">
                  {t('messageTemplates.help.wechatFields')}
                </Typography.Paragraph>
                <Form.List name={['content', 'fields']}>
                  {(items, { add, remove }) => (
                    <>
                      {items.map((item) => {
                        const key = String(form.getFieldValue(['content', 'fields', item.name, 'key']) ?? '');
                        const type = wechatTypeOf(key, wechatFieldTypes);
                        return (
                          <Flex key={item.key} gap={8} align="start" wrap data-testid={`wechat-field-${item.name}`}>
                            <Form.Item
                              name={[item.name, 'key']}
                              style={{ width: 190, flex: 'none' }}
                              rules={[{ required: true, whitespace: true, message: t('messageTemplates.required') }]}
                              extra={
                                key ? (
                                  <span data-testid={`wechat-field-type-${item.name}`}>
                                    {type
                                      ? t(
                                          type.type === 'time' || type.type === 'date'
                                            ? 'messageTemplates.fieldTypeTime'
                                            : type.truncatable
                                              ? 'messageTemplates.fieldTypeTruncated'
                                              : 'messageTemplates.fieldType',
                                          { type: type.type, max: type.max },
                                        )
                                      : t('messageTemplates.fieldTypeUnknown')}
                                  </span>
                                ) : null
                              }
                            >
                              <Input
                                placeholder={t('messageTemplates.newFieldPlaceholder')}
                                aria-label={t('messageTemplates.fields.key')}
                                data-testid={`field-key-${item.name}`}
                                {...inputLimit(40)}
                              />
                            </Form.Item>
                            <Form.Item name={[item.name, 'text']} style={{ flex: 1, minWidth: 150 }}>
                              <Input
                                data-field={`content.fields.${item.name}.text`}
                                aria-label={t('messageTemplates.fields.value')}
                                data-testid={`field-text-${item.name}`}
                                {...inputLimit(200)}
                              />
                            </Form.Item>
                            <Tooltip title={t('messageTemplates.removeField')}>
                              <Button
                                icon={<DeleteOutlined />}
                                aria-label={t('messageTemplates.removeField')}
                                disabled={items.length <= 1}
                                onClick={() => remove(item.name)}
                              />
                            </Tooltip>
                          </Flex>
                        );
                      })}
                      <Button
                        icon={<PlusOutlined />}
                        disabled={items.length >= 20}
                        onClick={() => add({ key: '', text: '' })}
                        data-testid="add-field"
                      >
                        {t('messageTemplates.addField')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </>
            ) : null}
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={11}>
        <MessagePreview
          labelOf={(path) => {
            const part = path.replace(/^(body\.)?content\./, '');
            const field = /^fields\.(\d+)\./.exec(part);
            const fields = JSON.parse(debounced).fields as { key: string }[] | undefined;
            return field && fields?.[Number(field[1])]?.key ? fields[Number(field[1])]!.key : part;
          }}
          channel={channel}
          rendered={preview.isError ? lastRendered.current : preview.data}
          loading={preview.isFetching || body !== debounced}
          error={preview.isError ? preview.error : null}
        />
      </Col>
    </Row>
  );
}
