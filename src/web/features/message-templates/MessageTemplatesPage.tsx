import { useQuery } from '@tanstack/react-query';
import { Flex, Segmented, Select, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import {
  MESSAGE_CHANNELS,
  MESSAGE_PURPOSES,
  type MessageChannel,
  type MessageLang,
  type MessagePurpose,
  messageTemplateKeys,
} from './messageTemplatesApi';
import { TemplateEditor } from './TemplateEditor';

export function MessageTemplatesPage() {
  const { t, i18n } = useTranslation();
  const [purpose, setPurpose] = useState<MessagePurpose>('invitation');
  const [channel, setChannel] = useState<MessageChannel>('sms');
  const [lang, setLang] = useState<MessageLang>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const list = useQuery({
    queryKey: messageTemplateKeys.all,
    queryFn: () => ok(client.GET('/message-templates')),
  });
  const template = list.data?.items.find(
    (item) => item.purpose === purpose && item.channel === channel && item.lang === lang,
  );
  const info = list.data?.purposes.find((p) => p.purpose === purpose);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('messageTemplates.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('messageTemplates.intro')}</Typography.Text>
      </div>
      <Flex vertical gap={4}>
        <Flex align="center" gap={8} wrap>
          <Typography.Text strong>{t('messageTemplates.purposeLabel')}</Typography.Text>
          <Select<MessagePurpose>
            value={purpose}
            onChange={setPurpose}
            style={{ minWidth: 200 }}
            data-testid="message-purpose"
            options={MESSAGE_PURPOSES.map((p) => ({ value: p, label: t(`messageTemplates.purposes.${p}`) }))}
          />
        </Flex>
        <Typography.Text type="secondary" data-testid="message-purpose-help">
          {t(`messageTemplates.purposeHelp.${purpose}`)}
        </Typography.Text>
      </Flex>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Tabs
          activeKey={channel}
          onChange={(key) => setChannel(key as MessageChannel)}
          items={MESSAGE_CHANNELS.map((c) => ({ key: c, label: t(`messageTemplates.channels.${c}`) }))}
          data-testid="message-channel-tabs"
          style={{ marginBottom: -16 }}
        />
        <Segmented<MessageLang>
          value={lang}
          onChange={setLang}
          data-testid="message-lang"
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
          ]}
        />
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : template && info ? (
        <TemplateEditor
          key={`${purpose}-${channel}-${lang}-${template.updatedAt ?? 'default'}`}
          purpose={purpose}
          channel={channel}
          lang={lang}
          template={template}
          variables={info.variables[channel]}
          required={info.required}
          wechatFieldTypes={list.data.wechatFieldTypes}
        />
      ) : (
        <Typography.Text type="secondary">{t('messageTemplates.missing')}</Typography.Text>
      )}
    </Space>
  );
}
