import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, InputNumber, Row, Skeleton, Space, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, client, ok } from '../../api/client';
import { fieldErrorText } from '../../app/problemText';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { channelKeys } from './channelsApi';

/** `/api/v1/delivery-settings` (server: modules/delivery/delivery-settings.ts). */
export type DeliverySettings = Answer<'/delivery-settings'>;

const TIME = 'HH:mm';

interface Values {
  quietOn: boolean;
  quietStart?: Dayjs | null;
  quietEnd?: Dayjs | null;
  fatigueOn: boolean;
  fatigueDays?: number | null;
  remindersOn: boolean;
  maxCount?: number | null;
  minGapHours?: number | null;
  retry: { maxRetries: number; baseSeconds: number };
}

function toForm(s: DeliverySettings): Values {
  return {
    quietOn: s.quietHours !== null,
    quietStart: dayjs(s.quietHours?.start ?? '22:00', TIME),
    quietEnd: dayjs(s.quietHours?.end ?? '08:00', TIME),
    fatigueOn: s.fatigueDays !== null,
    fatigueDays: s.fatigueDays ?? 7,
    remindersOn: s.reminders !== null,
    maxCount: s.reminders?.maxCount ?? 1,
    minGapHours: s.reminders?.minGapHours ?? 48,
    retry: s.retry,
  };
}

function fromForm(v: Values): DeliverySettings {
  return {
    quietHours:
      v.quietOn && v.quietStart && v.quietEnd
        ? { start: v.quietStart.format(TIME), end: v.quietEnd.format(TIME) }
        : null,
    fatigueDays: v.fatigueOn ? (v.fatigueDays ?? null) : null,
    reminders: v.remindersOn ? { maxCount: v.maxCount ?? 1, minGapHours: v.minGapHours ?? 24 } : null,
    retry: v.retry,
  };
}

/** Quiet hours, fatigue cap, reminders and retries of invitation delivery. */
export function DeliverySettingsCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: channelKeys.deliverySettings,
    queryFn: () => ok(client.GET('/delivery-settings')),
  });
  const quietOn = Form.useWatch('quietOn', form);
  const fatigueOn = Form.useWatch('fatigueOn', form);
  const remindersOn = Form.useWatch('remindersOn', form);

  useEffect(() => {
    if (query.data) form.setFieldsValue(toForm(query.data));
  }, [query.data, form]);

  const save = useMutation({
    mutationFn: (values: Values) => ok(client.PUT('/delivery-settings', { body: fromForm(values) })),
    onSuccess: (data) => {
      queryClient.setQueryData(channelKeys.deliverySettings, data);
      message.success(t('common.saved'));
    },
    onError: (error) => {
      const problem = (error as { problem?: { errors?: { path: string; message: string }[] } }).problem;
      // Server paths (quietHours.start, reminders.maxCount, …) → this form's flat names.
      const names: Record<string, (string | number)[]> = {
        'quietHours.start': ['quietStart'],
        'quietHours.end': ['quietEnd'],
        fatigueDays: ['fatigueDays'],
        'reminders.maxCount': ['maxCount'],
        'reminders.minGapHours': ['minGapHours'],
      };
      form.setFields(
        (problem?.errors ?? [])
          .map((e) => ({ path: e.path.replace(/^body[./]/, ''), message: fieldErrorText(e) }))
          .map((e) => ({ name: names[e.path] ?? e.path.split('.'), errors: [e.message] })) as Parameters<
          typeof form.setFields
        >[0],
      );
      onError(error);
    },
  });

  return (
    <Card
      title={t('deliverySettings.title')}
      data-testid="delivery-settings"
      extra={
        query.data ? (
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="delivery-save">
            {t('common.save')}
          </Button>
        ) : null
      }
    >
      {/* Loaded once, the form stays: a failed background refetch must not take the user's unsaved edits away. */}
      {!query.data ? (
        query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Skeleton active />
        )
      ) : (
        <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
          <Row gutter={[32, 8]}>
            <Col xs={24} lg={8}>
              <Space align="center" style={{ marginBottom: 8 }}>
                <Form.Item name="quietOn" valuePropName="checked" noStyle>
                  <Switch data-testid="quiet-on" aria-label={t('deliverySettings.quietHours')} />
                </Form.Item>
                <Typography.Text strong>{t('deliverySettings.quietHours')}</Typography.Text>
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('deliverySettings.quietHelp')}
              </Typography.Paragraph>
              <Space>
                <Form.Item name="quietStart" label={t('deliverySettings.from')} rules={[{ required: !!quietOn }]}>
                  <TimePicker format={TIME} minuteStep={5} disabled={!quietOn} allowClear={false} needConfirm={false} />
                </Form.Item>
                <Form.Item name="quietEnd" label={t('deliverySettings.until')} rules={[{ required: !!quietOn }]}>
                  <TimePicker format={TIME} minuteStep={5} disabled={!quietOn} allowClear={false} needConfirm={false} />
                </Form.Item>
              </Space>
            </Col>
            <Col xs={24} lg={8}>
              <Space align="center" style={{ marginBottom: 8 }}>
                <Form.Item name="fatigueOn" valuePropName="checked" noStyle>
                  <Switch data-testid="fatigue-on" aria-label={t('deliverySettings.fatigue')} />
                </Form.Item>
                <Typography.Text strong>{t('deliverySettings.fatigue')}</Typography.Text>
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('deliverySettings.fatigueHelp')}
              </Typography.Paragraph>
              <Form.Item name="fatigueDays" label={t('deliverySettings.fatigueDays')}>
                <InputNumber min={1} max={365} disabled={!fatigueOn} suffix={t('deliverySettings.days')} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Space align="center" style={{ marginBottom: 8 }}>
                <Form.Item name="remindersOn" valuePropName="checked" noStyle>
                  <Switch data-testid="reminders-on" aria-label={t('deliverySettings.reminders')} />
                </Form.Item>
                <Typography.Text strong>{t('deliverySettings.reminders')}</Typography.Text>
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('deliverySettings.remindersHelp')}
              </Typography.Paragraph>
              <Space>
                <Form.Item name="maxCount" label={t('deliverySettings.maxCount')}>
                  <InputNumber min={1} max={10} disabled={!remindersOn} />
                </Form.Item>
                <Form.Item name="minGapHours" label={t('deliverySettings.minGapHours')}>
                  <InputNumber min={0.01} max={720} disabled={!remindersOn} suffix={t('deliverySettings.hours')} />
                </Form.Item>
              </Space>
            </Col>
            <Col xs={24}>
              <Typography.Text strong>{t('deliverySettings.retry')}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('deliverySettings.retryHelp')}
              </Typography.Paragraph>
              <Space>
                <Form.Item name={['retry', 'maxRetries']} label={t('deliverySettings.maxRetries')}>
                  <InputNumber min={0} max={10} />
                </Form.Item>
                <Form.Item name={['retry', 'baseSeconds']} label={t('deliverySettings.baseSeconds')}>
                  <InputNumber min={0.1} max={3600} suffix={t('deliverySettings.seconds')} />
                </Form.Item>
              </Space>
            </Col>
          </Row>
        </Form>
      )}
    </Card>
  );
}
