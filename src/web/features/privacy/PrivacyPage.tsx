import { PlayCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Divider,
  Empty,
  Flex,
  Form,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { API_ERROR_MESSAGE, useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { useOrganisationTime } from '../follow-ups/followUpsApi';
import { ContactDataCard } from './ContactDataCard';
import { CountTags } from './CountTags';
import {
  privacyKeys,
  type RetentionRun,
  type RetentionStatus,
  type RetentionValues,
  retentionChanged,
  type TemplateRetentionPreview,
  toRetentionBody,
  toRetentionValues,
  useRetention,
  useRetentionPreview,
  useRunRetention,
  useSaveRetention,
} from './privacyApi';
import { RetentionDaysInput, useRetentionRule } from './RetentionDaysInput';

const MAX_WIDTH = 860;

/** The next nightly run and the last one (running or finished, and what it changed). */
function RunInfo({ status }: { status: RetentionStatus }) {
  const { t } = useTranslation();
  const formatDate = useOrganisationTime();
  const run: RetentionRun | null = status.lastRun;
  return (
    <Descriptions column={1} size="small" layout="vertical" data-testid="privacy-runs">
      <Descriptions.Item label={t('privacy.retention.nextRun')}>
        <span data-testid="privacy-next-run">{formatDate(status.nextRunAt)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('privacy.retention.lastRun')}>
        {run ? (
          <Flex gap={8} wrap align="center" data-testid="privacy-last-run">
            <span>{t('privacy.retention.started', { time: formatDate(run.startedAt) })}</span>
            {run.finishedAt ? (
              <Tag color="green" data-testid="privacy-last-run-state">
                {t('privacy.retention.finished', { time: formatDate(run.finishedAt) })}
              </Tag>
            ) : (
              <Tag color="processing" data-testid="privacy-last-run-state">
                {t('privacy.retention.running')}
              </Tag>
            )}
          </Flex>
        ) : (
          <Typography.Text type="secondary" data-testid="privacy-last-run">
            {t('privacy.retention.neverRun')}
          </Typography.Text>
        )}
      </Descriptions.Item>
      {run ? (
        <Descriptions.Item label={t('privacy.retention.removed')}>
          <CountTags
            counts={run.counts}
            empty={t('privacy.retention.nothingRemoved')}
            testId="privacy-last-run-counts"
          />
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/** The two periods: saved with PUT /privacy/retention; a refetch refreshes the form unless the user is editing. */
function RetentionForm({ status }: { status: RetentionStatus }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useSaveRetention();
  const rule = useRetentionRule();
  const [form] = Form.useForm<RetentionValues>();
  const values = Form.useWatch((all: RetentionValues) => all, form) as RetentionValues | undefined;
  const dirty = values ? retentionChanged(status, values) : false;

  const applied = useRef(JSON.stringify(toRetentionValues(status)));
  useEffect(() => {
    const next = JSON.stringify(toRetentionValues(status));
    if (next === applied.current) return;
    applied.current = next;
    if (!form.isFieldsTouched()) form.setFieldsValue(toRetentionValues(status));
  }, [status, form]);

  const onFinish = (submitted: RetentionValues) => {
    save.mutate(toRetentionBody(submitted), {
      onSuccess: (saved) => {
        form.resetFields();
        form.setFieldsValue(toRetentionValues(saved));
        message.destroy(API_ERROR_MESSAGE);
        message.success(t('privacy.retention.saved'));
      },
      onError: (error) => showError(error, form),
    });
  };

  return (
    <Form<RetentionValues>
      form={form}
      layout="vertical"
      initialValues={toRetentionValues(status)}
      onFinish={onFinish}
      data-testid="privacy-retention-form"
    >
      <Form.Item
        name="contactDays"
        label={t('privacy.retention.contact')}
        extra={t('privacy.retention.contactHelp')}
        rules={[rule]}
      >
        <RetentionDaysInput
          keepLabel={t('privacy.retention.keep')}
          numberLabel={t('privacy.retention.numberLabel', { what: t('privacy.retention.contact') })}
          testId="privacy-contact-days"
        />
      </Form.Item>
      <Form.Item
        name="freeTextDays"
        label={t('privacy.retention.freeText')}
        extra={t('privacy.retention.freeTextHelp')}
        rules={[rule]}
      >
        <RetentionDaysInput
          keepLabel={t('privacy.retention.keep')}
          numberLabel={t('privacy.retention.numberLabel', { what: t('privacy.retention.freeText') })}
          testId="privacy-free-text-days"
        />
      </Form.Item>
      <Alert type="info" showIcon title={t('privacy.retention.figuresStay')} style={{ marginBottom: 16 }} />
      <Flex gap={8} wrap align="center">
        <Button
          type="primary"
          htmlType="submit"
          loading={save.isPending}
          disabled={!dirty}
          data-testid="privacy-retention-save"
        >
          {t('privacy.retention.save')}
        </Button>
        <Typography.Text type={dirty ? 'warning' : 'secondary'} data-testid="privacy-retention-state">
          {dirty ? t('privacy.retention.unsaved') : t('privacy.retention.allSaved')}
        </Typography.Text>
      </Flex>
    </Form>
  );
}

function RetentionCard() {
  const { t } = useTranslation();
  const status = useRetention();
  return (
    <Card title={t('privacy.retention.title')} data-testid="privacy-retention">
      {/* Loaded once, the form stays: a failed background refetch must not take the user's unsaved edits away. */}
      {status.data ? (
        <>
          <Typography.Paragraph type="secondary">{t('privacy.retention.intro')}</Typography.Paragraph>
          <RetentionForm status={status.data} />
          <Divider />
          <RunInfo status={status.data} />
        </>
      ) : status.isError ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <Skeleton active paragraph={{ rows: 6 }} />
      )}
    </Card>
  );
}

/** Asks for a run now; the run's state and the preview are asked again a few seconds later. */
function RunNowButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const queryClient = useQueryClient();
  const run = useRunRetention();
  const timers = useRef<number[]>([]);
  useEffect(
    () => () => {
      for (const id of timers.current) window.clearTimeout(id);
    },
    [],
  );
  const onConfirm = () =>
    run.mutate(undefined, {
      onSuccess: () => {
        message.success(t('privacy.preview.runQueued'));
        // The worker takes the job within a second or two; a long run is then followed by useRetention's polling.
        for (const delay of [2_000, 5_000, 10_000]) {
          timers.current.push(
            window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: privacyKeys.all }), delay),
          );
        }
      },
      onError: (error) => showError(error),
    });
  return (
    <Popconfirm
      title={t('privacy.preview.runConfirm')}
      okText={t('privacy.preview.runOk')}
      cancelText={t('common.cancel')}
      onConfirm={onConfirm}
    >
      <Button icon={<PlayCircleOutlined />} loading={run.isPending} data-testid="privacy-run-now">
        {t('privacy.preview.runNow')}
      </Button>
    </Popconfirm>
  );
}

/** What the next nightly run would remove, with the periods as saved, and free text by template. */
function PreviewCard() {
  const { t } = useTranslation();
  const formatDate = useOrganisationTime();
  const preview = useRetentionPreview();
  const data = preview.data;
  return (
    <Card title={t('privacy.preview.title')} extra={<RunNowButton />} data-testid="privacy-preview">
      {preview.isError ? (
        <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
      ) : data ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text strong data-testid="privacy-preview-summary">
            {t('privacy.preview.summary', {
              time: formatDate(data.asOf),
              workOrders: t('privacy.preview.workOrders', { count: data.workOrders }),
              ratings: t('privacy.preview.ratings', { count: data.ratings }),
            })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('privacy.preview.basis')}</Typography.Text>
          <Table<TemplateRetentionPreview>
            data-testid="privacy-preview-templates"
            rowKey="templateId"
            size="small"
            pagination={false}
            dataSource={data.templates}
            locale={{ emptyText: <Empty description={t('privacy.preview.noTemplates')} /> }}
            columns={[
              {
                title: t('privacy.preview.template'),
                dataIndex: 'name',
                key: 'name',
                render: (name: string, row) => <Link to={`/rating/templates/${row.templateId}`}>{name}</Link>,
              },
              {
                title: t('privacy.preview.days'),
                dataIndex: 'days',
                key: 'days',
                render: (days: number | null) =>
                  days === null ? (
                    <Typography.Text type="secondary">{t('privacy.preview.keep')}</Typography.Text>
                  ) : (
                    t('privacy.retention.daysCount', { count: days })
                  ),
              },
              {
                title: t('privacy.preview.ratingsColumn'),
                dataIndex: 'ratings',
                key: 'ratings',
                align: 'right',
                width: 90,
              },
            ]}
          />
        </Space>
      ) : (
        <Skeleton active paragraph={{ rows: 3 }} />
      )}
    </Card>
  );
}

/**
 * Settings → Privacy (`/settings/privacy`, issue 21; admins, `privacy.manage`): how long contact data and free text
 * are kept (the nightly run removes what is older; scores and figures stay), what tonight's run will remove and a
 * "run now", and one person's data on request — exported as JSON, or erased after typing a confirmation word.
 */
export function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%', maxWidth: MAX_WIDTH }}
      data-testid="privacy-page"
    >
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('privacy.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('privacy.intro')}
      </Typography.Paragraph>
      <RetentionCard />
      <PreviewCard />
      <ContactDataCard />
    </Space>
  );
}
