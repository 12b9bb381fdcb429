import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { ApiError, problemFieldPath } from '../../app/api';
import { fieldErrorText } from '../../app/problemText';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { useCalendars } from '../sla/slaApi';
import { CallCentreCard } from './CallCentreCard';
import {
  type CallingWindow,
  type FollowUpSettings,
  followUpKeys,
  MAX_WINDOWS,
  useFollowUpSettings,
  windowsProblem,
} from './followUpsApi';

const TIME = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

interface Values {
  enabled: boolean;
  callingWindows: CallingWindow[];
  holidayCalendarId?: string | null;
  retry: { afterMinutes?: number | null; maxAttempts?: number | null };
  dueHours?: number | null;
}

const toForm = (settings: FollowUpSettings): Values => ({ ...settings });

function fromForm(values: Values): FollowUpSettings {
  return {
    enabled: values.enabled,
    callingWindows: (values.callingWindows ?? []).map((w) => ({ start: w.start.trim(), end: w.end.trim() })),
    holidayCalendarId: values.holidayCalendarId ?? null,
    retry: { afterMinutes: values.retry.afterMinutes ?? 0, maxAttempts: values.retry.maxAttempts ?? 0 },
    dueHours: values.dueHours ?? 0,
  };
}

/** A server error about the windows as a whole or one window (not one of its times): shown under the list. */
const isWindowsPath = (path: (string | number)[]) =>
  path[0] === 'callingWindows' && (path.length === 1 || (path.length === 2 && typeof path[1] === 'number'));

function SettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const settings = useFollowUpSettings();
  const calendars = useCalendars();
  const enabled = Form.useWatch('enabled', form);
  const [windowsError, setWindowsError] = useState<string[]>([]);

  // The stored settings fill the form until the user edits it: a refetch (live events make every query stale after
  // a reconnect) must not throw away what is being typed.
  useEffect(() => {
    if (settings.data && !form.isFieldsTouched()) form.setFieldsValue(toForm(settings.data));
  }, [settings.data, form]);

  const save = useMutation({
    mutationFn: (values: Values) => ok(client.PUT('/follow-ups/settings', { body: fromForm(values) })),
    onSuccess: (data) => {
      form.resetFields();
      form.setFieldsValue(toForm(data));
      queryClient.setQueryData(followUpKeys.settings, data);
      setWindowsError([]);
      message.success(t('common.saved'));
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        setWindowsError(
          (error.problem.errors ?? [])
            .filter((item) => isWindowsPath(problemFieldPath(item.path)))
            .map((item) => fieldErrorText(item, t)),
        );
      }
      onError(error, form);
    },
  });

  return (
    <Card
      title={t('followUps.settings.title')}
      data-testid="follow-up-settings"
      extra={
        settings.data ? (
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="follow-up-settings-save"
          >
            {t('common.save')}
          </Button>
        ) : null
      }
    >
      {/* Loaded once, the form stays: a failed background refetch must not take the user's unsaved edits away. */}
      {!settings.data ? (
        settings.isError ? (
          <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <Skeleton active />
        )
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(values) => save.mutate(values)}
          onValuesChange={(changed: Partial<Values>) => {
            if (changed.callingWindows) setWindowsError([]);
          }}
        >
          <Flex align="center" gap={12} style={{ marginBottom: 8 }}>
            <Form.Item name="enabled" valuePropName="checked" noStyle>
              <Switch data-testid="follow-up-settings-enabled" aria-label={t('followUps.settings.enabled')} />
            </Form.Item>
            <Typography.Text strong>{t('followUps.settings.enabled')}</Typography.Text>
          </Flex>
          <Typography.Paragraph type="secondary" data-testid="follow-up-settings-state">
            {enabled ? t('followUps.settings.enabledHelp') : t('followUps.settings.disabledHelp')}
          </Typography.Paragraph>
          <Row gutter={[32, 8]}>
            <Col xs={24} lg={12}>
              <Typography.Text strong>{t('followUps.settings.windows')}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('followUps.settings.windowsHelp')}
              </Typography.Paragraph>
              <Form.List
                name="callingWindows"
                rules={[
                  {
                    validator: async (_, windows: CallingWindow[] | undefined) => {
                      const list = windows ?? [];
                      // A time that is not HH:mm has its own message on its field.
                      if (list.some((w) => !TIME.test(w?.start ?? '') || !TIME.test(w?.end ?? ''))) return;
                      const problem = windowsProblem(list);
                      if (problem)
                        throw new Error(
                          fieldErrorText(
                            { path: 'callingWindows', message: problem, code: problem, params: { min: 1, max: 6 } },
                            t,
                          ),
                        );
                    },
                  },
                ]}
              >
                {(fields, { add, remove }, { errors }) => (
                  <div data-testid="follow-up-windows">
                    {fields.map((field, index) => (
                      <Flex key={field.key} gap={6} align="flex-start" data-testid="follow-up-window">
                        <Form.Item
                          name={[field.name, 'start']}
                          rules={[{ pattern: TIME, required: true, message: t('fieldErrors.invalid_time') }]}
                          style={{ marginBottom: 8 }}
                        >
                          <Input
                            placeholder="09:00"
                            style={{ width: 96 }}
                            aria-label={t('followUps.settings.windowStart', { n: index + 1 })}
                            data-testid={`follow-up-window-start-${index}`}
                          />
                        </Form.Item>
                        <span aria-hidden style={{ paddingTop: 5 }}>
                          –
                        </span>
                        <Form.Item
                          name={[field.name, 'end']}
                          rules={[{ pattern: TIME, required: true, message: t('fieldErrors.invalid_time') }]}
                          style={{ marginBottom: 8 }}
                        >
                          <Input
                            placeholder="18:00"
                            style={{ width: 96 }}
                            aria-label={t('followUps.settings.windowEnd', { n: index + 1 })}
                            data-testid={`follow-up-window-end-${index}`}
                          />
                        </Form.Item>
                        <Button
                          type="text"
                          icon={<DeleteOutlined />}
                          disabled={fields.length <= 1}
                          onClick={() => remove(field.name)}
                          aria-label={t('followUps.settings.removeWindow', { n: index + 1 })}
                          data-testid={`follow-up-window-remove-${index}`}
                        />
                      </Flex>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      disabled={fields.length >= MAX_WINDOWS}
                      onClick={() => {
                        const last = (form.getFieldValue('callingWindows') as CallingWindow[] | undefined)?.at(-1);
                        add(
                          last && TIME.test(last.end) && last.end < '20:00'
                            ? { start: last.end, end: '20:00' }
                            : {
                                start: '',
                                end: '',
                              },
                        );
                      }}
                      data-testid="follow-up-window-add"
                    >
                      {t('followUps.settings.addWindow')}
                    </Button>
                    <div role="alert" data-testid="follow-up-windows-error">
                      {[...errors, ...windowsError].map((error, index) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: messages have no identity but their place
                        <Typography.Text key={index} type="danger" style={{ display: 'block', marginTop: 4 }}>
                          {error}
                        </Typography.Text>
                      ))}
                    </div>
                  </div>
                )}
              </Form.List>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item
                name="holidayCalendarId"
                label={t('followUps.settings.holidays')}
                extra={t('followUps.settings.holidaysHelp')}
              >
                <Select
                  allowClear
                  loading={calendars.isPending}
                  data-testid="follow-up-settings-calendar"
                  aria-label={t('followUps.settings.holidays')}
                  placeholder={t('followUps.settings.noHolidays')}
                  options={(calendars.data?.items ?? []).map((calendar) => ({
                    value: calendar.id,
                    label: calendar.isDefault
                      ? t('followUps.settings.defaultCalendar', { name: calendar.name })
                      : calendar.name,
                  }))}
                />
              </Form.Item>
              <Typography.Text strong>{t('followUps.settings.retry')}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('followUps.settings.retryHelp')}
              </Typography.Paragraph>
              <Space wrap align="start">
                <Form.Item
                  name={['retry', 'afterMinutes']}
                  label={t('followUps.settings.afterMinutes')}
                  rules={[{ required: true, message: t('fieldErrors.required') }]}
                >
                  <InputNumber
                    min={1}
                    max={7 * 24 * 60}
                    precision={0}
                    suffix={t('followUps.settings.minutes')}
                    data-testid="follow-up-settings-retry-minutes"
                    style={{ width: 150 }}
                  />
                </Form.Item>
                <Form.Item
                  name={['retry', 'maxAttempts']}
                  label={t('followUps.settings.maxAttempts')}
                  rules={[{ required: true, message: t('fieldErrors.required') }]}
                >
                  <InputNumber
                    min={1}
                    max={20}
                    precision={0}
                    data-testid="follow-up-settings-max-attempts"
                    style={{ width: 120 }}
                  />
                </Form.Item>
              </Space>
              <Form.Item
                name="dueHours"
                label={t('followUps.settings.dueHours')}
                extra={t('followUps.settings.dueHoursHelp')}
                rules={[{ required: true, message: t('fieldErrors.required') }]}
              >
                <InputNumber
                  min={1}
                  max={24 * 90}
                  precision={0}
                  suffix={t('followUps.settings.hours')}
                  data-testid="follow-up-settings-due-hours"
                  style={{ width: 150 }}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      )}
    </Card>
  );
}

/**
 * Settings → Follow-up (`/settings/follow-ups`, admins): the plugin switch, when customers may be called (calling
 * windows in the organisation's time, holidays from a business calendar), the retry rule for unanswered calls, the
 * default due time; and the call centre behind the Call button.
 */
export function FollowUpSettingsPage() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('followUps.settings.pageTitle')}
      </Typography.Title>
      <SettingsCard />
      <CallCentreCard />
    </Space>
  );
}
