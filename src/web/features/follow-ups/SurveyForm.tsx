import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Divider, Flex, Form, Input, Radio, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { inputLimit } from '../../components/inputLimit';
import { templateKeys } from '../templates/templatesApi';
import {
  allowedResults,
  answersBody,
  type FollowUpTaskDetail,
  type FormAnswer,
  followUpKeys,
  SURVEY_LANGUAGES,
  type SurveyDimension,
  type SurveyLanguage,
  surveyLanguageOf,
  type TaskResult,
} from './followUpsApi';
import { SurveyQuestion } from './SurveyQuestion';

interface SurveyValues {
  answers?: Record<string, FormAnswer>;
  result?: TaskResult;
  reason?: string;
}

const LANGUAGE_LABELS: Record<SurveyLanguage, string> = { 'zh-CN': '中文', en: 'English' };

/** The questions of the task's template (its published version), or why there are none. */
function useSurveyDimensions(templateId: string | null) {
  const template = useQuery({
    queryKey: templateKeys.detail(templateId ?? ''),
    queryFn: () => ok(client.GET('/rating-templates/{id}', { params: { path: { id: templateId ?? '' } } })),
    enabled: Boolean(templateId),
  });
  if (!templateId) return { state: 'none' as const };
  if (template.isPending) return { state: 'loading' as const };
  if (template.isError) return { state: 'error' as const, error: template.error, retry: () => template.refetch() };
  const published = template.data.published;
  if (!published) return { state: 'unpublished' as const };
  return { state: 'ready' as const, dimensions: published.dimensions, name: template.data.name };
}

/**
 * The survey asked on the phone (after a call reached the customer): each question of the task's template in the
 * chosen language, then what happens to the work order — close it, send it back for rework (with the reason), or
 * leave it; only what the work order's state allows. Submitting stores a follow-up rating and closes the task.
 */
export function SurveyForm({ task }: { task: FollowUpTaskDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SurveyValues>();
  const [language, setLanguage] = useState<SurveyLanguage>(() => surveyLanguageOf(i18n.language));
  const survey = useSurveyDimensions(task.templateId);
  const results = allowedResults(task);
  const result = Form.useWatch('result', form);
  const dimensions: SurveyDimension[] = survey.state === 'ready' ? survey.dimensions : [];

  const complete = useMutation({
    mutationFn: (values: SurveyValues) =>
      ok(
        client.POST('/follow-ups/tasks/{id}/complete', {
          params: { path: { id: task.id } },
          body: {
            answers: answersBody(dimensions, values.answers),
            language,
            result: values.result ?? 'none',
            ...(values.result === 'sent_back' ? { reason: values.reason?.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (detail) => {
      queryClient.setQueryData(followUpKeys.detail(task.id), detail);
      message.success(t('followUps.survey.completed'));
      await queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] === followUpKeys.all[0] && query.queryKey[1] !== 'detail',
      });
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Card
      title={t('followUps.survey.title')}
      data-testid="follow-up-survey-card"
      extra={
        <Segmented<SurveyLanguage>
          size="small"
          value={language}
          onChange={setLanguage}
          aria-label={t('followUps.survey.language')}
          data-testid="follow-up-survey-language"
          options={SURVEY_LANGUAGES.map((code) => ({ value: code, label: LANGUAGE_LABELS[code] }))}
        />
      }
    >
      {survey.state === 'loading' ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : survey.state === 'error' ? (
        <ErrorState error={survey.error} onRetry={() => void survey.retry()} />
      ) : (
        <Form<SurveyValues>
          form={form}
          layout="vertical"
          onFinish={(values) => complete.mutate(values)}
          initialValues={{ result: results.includes('closed') ? 'closed' : 'none', answers: {} }}
          data-testid="follow-up-survey"
          scrollToFirstError
        >
          {survey.state === 'ready' ? (
            <>
              <Typography.Paragraph type="secondary">
                {t('followUps.survey.intro', { template: survey.name })}
              </Typography.Paragraph>
              {dimensions.map((dimension) => (
                <SurveyQuestion key={dimension.key} dimension={dimension} language={language} />
              ))}
            </>
          ) : (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="follow-up-no-survey"
              title={survey.state === 'none' ? t('followUps.survey.noTemplate') : t('followUps.survey.unpublished')}
            />
          )}
          <Divider />
          <Form.Item
            name="result"
            label={t('followUps.result.title')}
            extra={results.length === 1 ? t('followUps.result.onlyNone') : undefined}
            rules={[{ required: true, message: t('followUps.result.required') }]}
          >
            <Radio.Group aria-label={t('followUps.result.title')}>
              <Flex vertical gap={8}>
                {results.map((option) => (
                  <Radio key={option} value={option}>
                    <span data-testid={`follow-up-result-${option}`}>{t(`followUps.results.${option}`)}</span>
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          </Form.Item>
          {result === 'sent_back' ? (
            <Form.Item
              name="reason"
              label={t('followUps.result.reason')}
              rules={[{ required: true, whitespace: true, message: t('followUps.result.reasonRequired') }]}
            >
              <Input.TextArea
                data-testid="follow-up-reason"
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={t('followUps.result.reasonPlaceholder')}
                {...inputLimit(500)}
              />
            </Form.Item>
          ) : null}
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            loading={complete.isPending}
            data-testid="follow-up-submit"
          >
            {t('followUps.survey.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
