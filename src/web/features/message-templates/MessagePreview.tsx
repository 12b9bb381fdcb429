import { Alert, Card, Flex, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { fieldErrorText } from '../../app/problemText';
import { errorText } from '../../app/useApiError';
import type { MessageChannel, RenderedMessage } from './messageTemplatesApi';
import { countSms } from './smsSegments';

interface Props {
  /** How a field error's path is named to the user (e.g. a WeChat field by its key); default: the path itself. */
  labelOf?: (path: string) => string;
  channel: MessageChannel;
  rendered: RenderedMessage | undefined;
  loading: boolean;
  error: unknown;
}

function SmsPreview({ text }: { text: string }) {
  const { t } = useTranslation();
  const count = countSms(text);
  return (
    <Flex vertical align="center" gap={8}>
      <div
        style={{
          width: 320,
          minHeight: 360,
          borderRadius: 36,
          background: '#1b1f24',
          padding: 10,
          boxSizing: 'border-box',
        }}
      >
        <div style={{ background: '#f2f2f7', borderRadius: 28, minHeight: 340, padding: '28px 14px 14px' }}>
          <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', fontSize: 12 }}>
            {t('messageTemplates.preview.smsSender')}
          </Typography.Text>
          <div
            data-testid="sms-bubble"
            style={{
              marginTop: 12,
              background: '#e5e5ea',
              color: '#111',
              borderRadius: 18,
              padding: '10px 14px',
              maxWidth: '88%',
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-word',
              fontSize: 14,
              lineHeight: 1.45,
            }}
          >
            {text}
          </div>
        </div>
      </div>
      <Space size={[4, 4]} wrap data-testid="sms-count">
        <Tag>{count.encoding}</Tag>
        <Typography.Text>{t('messageTemplates.preview.chars', { count: count.length })}</Typography.Text>
        <Typography.Text strong data-testid="sms-segments">
          {t('messageTemplates.preview.segments', { count: count.segments })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('messageTemplates.preview.perSegment', { count: count.perSegment })}
        </Typography.Text>
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 360, textAlign: 'center' }}>
        {t('messageTemplates.preview.smsNote')}
      </Typography.Text>
    </Flex>
  );
}

function EmailPreview({ rendered }: { rendered: RenderedMessage }) {
  const { t } = useTranslation();
  const [part, setPart] = useState<'html' | 'text'>('html');
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text ellipsis data-testid="email-subject">
          <Typography.Text type="secondary">{t('messageTemplates.fields.subject')}: </Typography.Text>
          <Typography.Text strong>{rendered.subject}</Typography.Text>
        </Typography.Text>
        <Segmented<'html' | 'text'>
          size="small"
          value={part}
          onChange={setPart}
          options={[
            { value: 'html', label: 'HTML' },
            { value: 'text', label: t('messageTemplates.preview.plainText') },
          ]}
        />
      </Flex>
      {part === 'html' ? (
        <iframe
          title={t('messageTemplates.preview.title')}
          data-testid="email-iframe"
          sandbox=""
          srcDoc={rendered.html ?? ''}
          style={{ width: '100%', height: 560, border: '1px solid #f0f0f0', borderRadius: 8, background: '#fff' }}
        />
      ) : (
        <pre
          data-testid="email-text"
          style={{
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-word',
            background: '#fafafa',
            border: '1px solid #f0f0f0',
            borderRadius: 8,
            padding: 12,
            minHeight: 240,
            margin: 0,
          }}
        >
          {rendered.text}
        </pre>
      )}
    </Flex>
  );
}

function WechatPreview({ rendered }: { rendered: RenderedMessage }) {
  const { t } = useTranslation();
  const data = rendered.data ?? {};
  return (
    <Flex justify="center">
      <Card
        data-testid="wechat-card"
        style={{ width: '100%', maxWidth: 340, background: '#fff' }}
        styles={{ body: { padding: 16 } }}
        title={<Typography.Text strong>{t('messageTemplates.preview.wechatTitle')}</Typography.Text>}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {rendered.templateId || '—'}
          </Typography.Text>
        }
      >
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {Object.entries(data).map(([key, value]) => (
            <Flex key={key} gap={12} data-testid={`wechat-row-${key}`}>
              <Typography.Text type="secondary" style={{ minWidth: 96, flex: 'none' }}>
                {key}
              </Typography.Text>
              <Typography.Text style={{ wordBreak: 'break-word' }}>{value}</Typography.Text>
            </Flex>
          ))}
          {rendered.url ? (
            <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
              <Typography.Link href={rendered.url} target="_blank" rel="noreferrer">
                {t('messageTemplates.preview.wechatDetails')}
              </Typography.Link>
            </div>
          ) : null}
        </Space>
      </Card>
    </Flex>
  );
}

/** The rendered message with sample values, as the customer would see it. */
export function MessagePreview({ channel, rendered, loading, error, labelOf }: Props) {
  const { t } = useTranslation();
  const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <Card
      title={
        <Space>
          {t('messageTemplates.preview.title')}
          {loading ? <Spin size="small" data-testid="preview-loading" /> : null}
        </Space>
      }
      data-testid="message-preview"
    >
      {error ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="preview-error"
          title={t('messageTemplates.preview.invalid')}
          description={
            fieldErrors.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {fieldErrors.map((e) => (
                  <li
                    key={`${e.path}-${e.message}`}
                  >{`${labelOf ? labelOf(e.path) : e.path.replace(/^(body\.)?content\./, '')}: ${fieldErrorText(e)}`}</li>
                ))}
              </ul>
            ) : (
              errorText(error, t('errors.generic'))
            )
          }
        />
      ) : null}
      {rendered ? (
        channel === 'sms' ? (
          <SmsPreview text={rendered.text ?? ''} />
        ) : channel === 'email' ? (
          <EmailPreview rendered={rendered} />
        ) : (
          <WechatPreview rendered={rendered} />
        )
      ) : loading ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : null}
    </Card>
  );
}
