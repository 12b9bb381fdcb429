import { Alert, Card, Empty, Flex, Segmented, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canAccess } from '../../app/access';
import { useAuth } from '../../app/auth';
import { ErrorState } from '../../components/ErrorState';
import {
  type KeywordItem,
  reextractionActive,
  useKeywordDictionary,
  useKeywords,
  withKeyword,
} from '../keywords/keywordsApi';
import type { AnalyticsFilterQuery } from './analyticsQueries';

const RISING_COLOR = '#cf1322';

/** 1 (the least frequent shown) … 5 (the most): the tag's size and colour step. */
function step(count: number, min: number, max: number): number {
  if (max === min) return 3;
  return 1 + Math.round(((count - min) / (max - min)) * 4);
}
const SIZES = [0, 12, 13, 15, 17, 20];
const COLORS = ['', 'default', 'blue', 'geekblue', 'purple', 'magenta'];

/**
 * The comment keywords on the dashboard (issue 18 §3): the most frequent terms of the period's comments as a ranked
 * tag list sized and coloured by count (or a list with counts, shares and the previous period), rising keywords
 * marked ▲; each keyword links to the ratings list filtered to it (its total = the count shown). While a dictionary
 * edit's re-extraction is queued or running (the dictionary query, `analytics.read` like this panel) a note says the
 * figures are incomplete; they are fetched again when it ends.
 */
export function KeywordsPanel({ query, ratingsLink }: { query: AnalyticsFilterQuery; ratingsLink: string }) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const [view, setView] = useState<'tags' | 'table'>('tags');
  const keywords = useKeywords(query);
  const reextracting = reextractionActive(useKeywordDictionary().data?.reextraction);
  const data = keywords.data;
  const items = data?.items ?? [];
  const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
  const label = (item: KeywordItem) => t('keywords.linkLabel', { term: item.term, count: item.count });
  const rising = (item: KeywordItem) =>
    item.rising ? (
      <Tooltip title={t('keywords.risingHelp')}>
        <span role="img" style={{ color: RISING_COLOR }} aria-label={t('keywords.rising')} data-testid="keyword-rising">
          {t('keywords.risingMark')}
        </span>
      </Tooltip>
    ) : null;

  const controls = (
    <Flex gap={8} align="center" wrap justify="space-between">
      {data ? (
        <Typography.Text type="secondary" data-testid="keywords-comments">
          {t('keywords.comments', { count: data.comments })}
        </Typography.Text>
      ) : null}
      <Segmented
        size="small"
        value={view}
        onChange={(next) => setView(next as 'tags' | 'table')}
        options={[
          { value: 'tags', label: t('keywords.asTags') },
          { value: 'table', label: t('keywords.asTable') },
        ]}
      />
      {canAccess(session?.user.roles, 'keywordDictionary') ? (
        <Link to="/settings/keyword-dictionary">{t('keywords.editDictionary')}</Link>
      ) : null}
    </Flex>
  );

  if (keywords.isError) {
    return (
      <Card title={t('keywords.title')}>
        <ErrorState error={keywords.error} onRetry={() => void keywords.refetch()} />
      </Card>
    );
  }
  const counts = items.map((i) => i.count);
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  return (
    <Card title={t('keywords.title')} loading={keywords.isPending} data-testid="keywords-card">
      {/* Not the header's `extra`: on a phone it squeezed the title to nothing. */}
      <div style={{ marginBottom: 12 }}>{controls}</div>
      {reextracting ? (
        <Alert
          type="info"
          showIcon
          title={t('keywords.reextracting')}
          style={{ marginBottom: 12 }}
          data-testid="keywords-reextracting"
        />
      ) : null}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('keywords.empty')} />
      ) : view === 'tags' ? (
        <Flex wrap gap={8} align="center" data-testid="keyword-tags">
          {items.map((item) => {
            const s = step(item.count, min, max);
            return (
              <Tooltip
                key={item.term}
                title={`${t('keywords.count', { count: item.count })} · ${t('keywords.share', { share: percent(item.share) })}${
                  item.previousCount === null ? '' : ` · ${t('keywords.previous', { count: item.previousCount })}`
                }`}
              >
                <Link to={withKeyword(ratingsLink, item.term)} aria-label={label(item)} data-testid="keyword">
                  <Tag color={COLORS[s]} style={{ fontSize: SIZES[s], padding: '2px 8px', marginInlineEnd: 0 }}>
                    {item.term} <Typography.Text type="secondary">{item.count}</Typography.Text> {rising(item)}
                  </Tag>
                </Link>
              </Tooltip>
            );
          })}
        </Flex>
      ) : (
        <Table<KeywordItem>
          size="small"
          rowKey="term"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={items}
          columns={[
            {
              title: t('keywords.term'),
              key: 'term',
              render: (_, item) => (
                <>
                  <Link to={withKeyword(ratingsLink, item.term)} aria-label={label(item)}>
                    {item.term}
                  </Link>{' '}
                  {rising(item)}
                </>
              ),
            },
            { title: '#', dataIndex: 'count', key: 'count', align: 'right' },
            { title: '%', key: 'share', align: 'right', render: (_, item) => percent(item.share) },
            {
              title: t('keywords.previousHeader'),
              key: 'previous',
              align: 'right',
              render: (_, item) => item.previousCount ?? '—',
            },
          ]}
        />
      )}
    </Card>
  );
}
