import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { ListPage } from '../../components/ListPage';
import { useListState } from '../../components/useListState';
import {
  SANDBOX_CHANNELS,
  SANDBOX_REFRESH_MS,
  type SandboxChannel,
  type SandboxFilters,
  type SandboxMessage,
  sandboxFiltersUrl,
  sandboxKeys,
} from './sandboxApi';

const PAGE_SIZE = 50;

/** The rendered e-mail, sandboxed: no scripts, no navigation of the console. */
function EmailBody({ message }: { message: SandboxMessage }) {
  const { t } = useTranslation();
  if (!message.html) return <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{message.text}</pre>;
  return (
    <iframe
      title={t('sandbox.emailBody')}
      data-testid="sandbox-email-html"
      sandbox=""
      srcDoc={message.html}
      style={{ width: '100%', height: 420, border: '1px solid #f0f0f0', borderRadius: 8, background: '#fff' }}
    />
  );
}

/** Settings → Sandbox inbox: what the sandbox channels "sent", newest first, refreshed every few seconds. */
export function SandboxPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { filters, update, pages } = useListState<SandboxFilters>({ filters: sandboxFiltersUrl });

  const query = { limit: PAGE_SIZE, cursor: pages.cursor, ...filters };
  const list = useQuery({
    queryKey: sandboxKeys.list(query),
    queryFn: () => ok(client.GET('/sandbox/messages', { params: { query } })),
    placeholderData: keepPreviousData,
    // New messages arrive on the first page; older pages do not change.
    refetchInterval: pages.cursor ? false : SANDBOX_REFRESH_MS,
  });

  return (
    <ListPage<SandboxMessage>
      title={t('sandbox.title')}
      filters={
        <Select
          allowClear
          data-testid="sandbox-channel"
          aria-label={t('sandbox.channel')}
          style={{ width: 180, maxWidth: '100%' }}
          placeholder={t('sandbox.channel')}
          value={filters.channel}
          onChange={(channel?: SandboxChannel) => update({ channel })}
          options={SANDBOX_CHANNELS.map((c) => ({ value: c, label: t(`channels.channels.${c}`) }))}
        />
      }
      toolbar={<Alert type="info" showIcon title={t('sandbox.help')} style={{ marginBottom: 12 }} />}
      query={list}
      pages={pages}
      tableTestId="sandbox-table"
      testIdPrefix="sandbox"
      emptyText={t('sandbox.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 1100 },
        expandable: {
          rowExpandable: (m) => m.channel === 'email',
          expandedRowRender: (m) => <EmailBody message={m} />,
        },
        columns: [
          { title: t('sandbox.at'), dataIndex: 'createdAt', key: 'createdAt', width: 180, render: formatDate },
          {
            title: t('sandbox.channel'),
            dataIndex: 'channel',
            key: 'channel',
            width: 90,
            render: (c: SandboxChannel) => <Tag>{t(`channels.channels.${c}`)}</Tag>,
          },
          { title: t('sandbox.recipient'), dataIndex: 'recipient', key: 'recipient', width: 200 },
          {
            title: t('sandbox.message'),
            key: 'message',
            width: 380,
            render: (_, m) => (
              <div data-testid="sandbox-text" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {m.subject && <Typography.Text strong>{m.subject}</Typography.Text>}
                {m.subject && <br />}
                {m.text}
              </div>
            ),
          },
          {
            title: t('sandbox.link'),
            dataIndex: 'link',
            key: 'link',
            width: 260,
            render: (link: string | null) =>
              link ? (
                <Typography.Link
                  data-testid="sandbox-link"
                  href={link}
                  target="_blank"
                  rel="noreferrer"
                  style={{ wordBreak: 'break-all' }}
                >
                  {link}
                </Typography.Link>
              ) : (
                '—'
              ),
          },
        ],
      }}
    />
  );
}
