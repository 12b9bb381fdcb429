import { Alert, App, Button, Card, Flex, Progress, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import {
  DICTIONARY_MAX_WORD_LENGTH,
  DICTIONARY_MAX_WORDS,
  invalidWord,
  type Reextraction,
  reextractionPercent,
  useKeywordDictionary,
  useSaveKeywordDictionary,
} from './keywordsApi';

/**
 * The re-extraction of the latest edit (`reextraction` of the dictionary, read every 2 s while queued or running):
 * a progress bar while it runs, when it finished once done, an error when it failed; nothing before the first edit.
 */
function ReextractionStatus({ reextraction }: { reextraction: Reextraction }) {
  const { t, i18n } = useTranslation();
  const formatDate = useFormatDate();
  const number = new Intl.NumberFormat(i18n.language);
  const { status } = reextraction;
  if (status === 'idle') return null;
  if (status === 'done') {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="reextraction-done">
        {t('keywords.dictionary.reextraction.done', { time: formatDate(reextraction.finishedAt) })}
      </Typography.Text>
    );
  }
  if (status === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        title={t('keywords.dictionary.reextraction.failed')}
        description={t('keywords.dictionary.reextraction.failedHelp')}
        data-testid="reextraction-failed"
      />
    );
  }
  const text =
    status === 'running' && reextraction.total !== null
      ? t('keywords.dictionary.reextraction.running', {
          done: number.format(reextraction.done),
          total: number.format(Math.max(reextraction.total, reextraction.done)),
        })
      : t('keywords.dictionary.reextraction.queued');
  return (
    <Alert
      type="info"
      showIcon
      title={text}
      description={
        <Progress
          percent={reextractionPercent(reextraction)}
          status="active"
          size="small"
          aria-label={t('keywords.dictionary.reextraction.progress')}
        />
      }
      data-testid="reextraction-progress"
    />
  );
}

/**
 * Settings → Keyword dictionary (`/settings/keyword-dictionary`): the after-sales words the Chinese segmentation keeps
 * whole, edited as tags (type a word, Enter; paste several separated by spaces, commas or new lines). Saving a
 * changed list re-segments every comment on the server (`analytics.keywords-reextract`); its progress shows above
 * the words (`ReextractionStatus`).
 */
export function KeywordDictionaryPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { session } = useAuth();
  const canEdit = hasPermission(session?.user.roles, 'settings.write');
  const dictionary = useKeywordDictionary();
  const save = useSaveKeywordDictionary();
  const [words, setWords] = useState<string[] | null>(null);
  const saved = dictionary.data?.words;
  useEffect(() => {
    if (saved) setWords(saved);
  }, [saved]);

  const current = words ?? saved ?? [];
  const invalid = current.filter(invalidWord);
  const changed = Boolean(saved) && (saved!.length !== current.length || current.some((w) => !saved!.includes(w)));
  const tooMany = current.length > DICTIONARY_MAX_WORDS;

  const onSave = () =>
    save.mutate(current, {
      onSuccess: (result) =>
        message.success(t(result.reextracting ? 'keywords.dictionary.saved' : 'keywords.dictionary.unchanged')),
      onError: (error) => showError(error),
    });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="keyword-dictionary">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('keywords.dictionary.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('keywords.dictionary.intro')}
      </Typography.Paragraph>
      <Card>
        {dictionary.isError ? (
          <ErrorState error={dictionary.error} onRetry={() => void dictionary.refetch()} />
        ) : dictionary.isPending ? (
          <Skeleton active />
        ) : (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {canEdit ? null : <Alert type="info" showIcon title={t('keywords.dictionary.readOnly')} />}
            {dictionary.data ? <ReextractionStatus reextraction={dictionary.data.reextraction} /> : null}
            <Select
              mode="tags"
              style={{ width: '100%' }}
              aria-label={t('keywords.dictionary.title')}
              data-testid="dictionary-words"
              placeholder={t('keywords.dictionary.placeholder')}
              value={current}
              disabled={!canEdit}
              open={false}
              suffixIcon={null}
              tokenSeparators={[',', '，', '、', ' ', '\n']}
              onChange={(next: string[]) => setWords([...new Set(next.map((w) => w.trim()).filter(Boolean))])}
            />
            <Typography.Text type={tooMany ? 'danger' : 'secondary'} data-testid="dictionary-count">
              {t('keywords.dictionary.count', { count: current.length, max: DICTIONARY_MAX_WORDS })}
            </Typography.Text>
            {invalid.length > 0 ? (
              <Alert
                type="error"
                showIcon
                title={t('keywords.dictionary.tooLong', {
                  max: DICTIONARY_MAX_WORD_LENGTH,
                  words: invalid.join('、'),
                })}
              />
            ) : null}
            {canEdit ? (
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  onClick={onSave}
                  loading={save.isPending}
                  disabled={!changed || invalid.length > 0 || tooMany}
                  data-testid="dictionary-save"
                >
                  {t('keywords.dictionary.save')}
                </Button>
                <Button onClick={() => setWords(saved ?? [])} disabled={!changed}>
                  {t('keywords.dictionary.reset')}
                </Button>
              </Flex>
            ) : null}
          </Space>
        )}
      </Card>
    </Space>
  );
}
