import { useQuery } from '@tanstack/react-query';
import { Flex, Segmented, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { MESSAGE_CHANNELS, MESSAGE_TEMPLATES_KEY, type MessageChannel, type MessageLang } from './messageTemplatesApi';
import { TemplateEditor } from './TemplateEditor';

export function MessageTemplatesPage() {
  const { t, i18n } = useTranslation();
  const [channel, setChannel] = useState<MessageChannel>('sms');
  const [lang, setLang] = useState<MessageLang>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const list = useQuery({
    queryKey: MESSAGE_TEMPLATES_KEY,
    queryFn: () => ok(client.GET('/message-templates')),
  });
  const template = list.data?.items.find((item) => item.channel === channel && item.lang === lang);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('messageTemplates.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('messageTemplates.intro')}</Typography.Text>
      </div>
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
      ) : template ? (
        <TemplateEditor
          key={`${channel}-${lang}-${template.updatedAt ?? 'default'}`}
          channel={channel}
          lang={lang}
          template={template}
          variables={list.data.variables}
        />
      ) : (
        <Typography.Text type="secondary">{t('messageTemplates.missing')}</Typography.Text>
      )}
    </Space>
  );
}
