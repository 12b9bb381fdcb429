import { Alert, Flex, Segmented, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderRatingPage } from '../../../common/rating-page';
import { type Answers, formatScore, type RatingClass, scoreRating, validateAnswers } from '../../../common/scoring';
import { keepValidAnswers } from './draft';
import type { DraftBody } from './templatesApi';

type Lang = 'zh-CN' | 'en';
const CLASS_COLORS: Record<RatingClass, string> = { negative: 'red', neutral: 'gold', satisfied: 'green' };
const DEBOUNCE_MS = 300;

/** `value`, updated only once it has stopped changing for `delay` ms. */
function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

/**
 * The customer page exactly as customers will see it (the shared renderer, in preview mode) inside a phone frame,
 * and the score the answers picked in it would get.
 */
export function PhonePreview({ template, companyName }: { template: DraftBody; companyName: string }) {
  const { t, i18n } = useTranslation();
  const [lang, setLang] = useState<Lang>(i18n.language === 'en' ? 'en' : 'zh-CN');
  // Re-render on content changes only, not on each new object with the same content.
  const templateJson = useDebounced(JSON.stringify(template), DEBOUNCE_MS);
  const shown = useMemo(() => JSON.parse(templateJson) as DraftBody, [templateJson]);
  const iframe = useRef<HTMLIFrameElement>(null);
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  // Read when the page is re-rendered so picked answers survive edits (without re-rendering on each pick).
  const answersRef = useRef(answers);
  answersRef.current = answers;

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== iframe.current?.contentWindow) return;
      const data = event.data as { type?: unknown; answers?: unknown } | null;
      if (data?.type !== 'rateloop:answers' || typeof data.answers !== 'object' || data.answers === null) return;
      setAnswers(data.answers as Record<string, unknown>);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const html = useMemo(
    () =>
      renderRatingPage({
        template: { layout: shown.layout, dimensions: shown.dimensions },
        lang,
        company: { name: companyName },
        workOrder: { number: 'WO-20250101-0001', subject: t('templates.preview.sampleSubject', { lng: lang }) },
        formAction: '#',
        values: keepValidAnswers(shown, answersRef.current) as Answers,
        assets: { css: 'inline', script: 'inline' },
        preview: true,
      }),
    [shown, lang, companyName, t],
  );

  const result = useMemo(() => {
    const clean = keepValidAnswers(shown, answers);
    const answered = Object.keys(clean).length;
    if (answered === 0) return { kind: 'empty' as const };
    const checked = validateAnswers(shown, clean);
    if (!checked.ok) {
      const missing = checked.errors
        .map((error) => shown.dimensions.find((d) => `answers.${d.key}` === error.path))
        .filter((d) => d !== undefined);
      return { kind: 'invalid' as const, missing };
    }
    return { kind: 'scored' as const, score: scoreRating(shown, checked.answers) };
  }, [shown, answers]);
  const label = (d: DraftBody['dimensions'][number]) => d.label[lang] || d.label['zh-CN'] || d.label.en || d.key;

  return (
    <Flex vertical align="center" gap={12} data-testid="phone-preview">
      <Flex justify="space-between" align="center" style={{ width: 390 }}>
        <Typography.Text strong>{t('templates.preview.title')}</Typography.Text>
        <Segmented<Lang>
          size="small"
          data-testid="preview-lang"
          value={lang}
          onChange={setLang}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'EN' },
          ]}
        />
      </Flex>
      <div
        style={{
          width: 390,
          height: 760,
          borderRadius: 48,
          background: '#1b1f24',
          padding: 12,
          boxShadow: '0 12px 32px rgba(15, 23, 42, 0.25)',
          position: 'relative',
          boxSizing: 'border-box',
        }}
      >
        <div
          aria-hidden="true"
          style={{
            position: 'absolute',
            top: 12,
            left: '50%',
            transform: 'translateX(-50%)',
            width: 120,
            height: 26,
            borderRadius: '0 0 16px 16px',
            background: '#1b1f24',
            zIndex: 1,
          }}
        />
        <iframe
          ref={iframe}
          title={t('templates.preview.title')}
          data-testid="preview-iframe"
          sandbox="allow-scripts"
          srcDoc={html}
          style={{ width: '100%', height: '100%', border: 0, borderRadius: 36, background: '#fff', display: 'block' }}
        />
      </div>
      <div style={{ width: 390 }} data-testid="preview-result" aria-live="polite">
        {result.kind === 'scored' ? (
          result.score.score === null ? (
            <Alert type="info" showIcon title={t('templates.preview.nothingScored')} data-testid="preview-empty" />
          ) : (
            <Flex
              align="center"
              justify="center"
              gap={12}
              style={{ padding: '8px 12px', background: '#fff', borderRadius: 8, border: '1px solid #f0f0f0' }}
            >
              <Typography.Text type="secondary">{t('templates.preview.score')}</Typography.Text>
              <Typography.Text strong style={{ fontSize: 22 }} data-testid="preview-score">
                {formatScore(result.score.score)}
              </Typography.Text>
              <Typography.Text style={{ fontSize: 16 }} data-testid="preview-stars">
                · {formatScore(result.score.stars)}★
              </Typography.Text>
              {result.score.class ? (
                <Tag color={CLASS_COLORS[result.score.class]} data-testid="preview-class">
                  {t(`templates.classes.${result.score.class}`)}
                </Tag>
              ) : null}
            </Flex>
          )
        ) : result.kind === 'empty' ? (
          <Alert type="info" showIcon title={t('templates.preview.pickAnswers')} data-testid="preview-empty" />
        ) : (
          <Alert
            type="warning"
            showIcon
            data-testid="preview-missing"
            title={t('templates.preview.missing')}
            description={
              <Space size={[4, 4]} wrap>
                {result.missing.map((d) => (
                  <Tag key={d.key}>{label(d)}</Tag>
                ))}
              </Space>
            }
          />
        )}
      </div>
    </Flex>
  );
}
