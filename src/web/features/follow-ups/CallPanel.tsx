import { PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Radio, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { dialTel } from '../../components/dialTel';
import { inputLimit } from '../../components/inputLimit';
import {
  type AttemptBody,
  CALL_OUTCOMES,
  type CallOutcome,
  type FollowUpTaskDetail,
  followUpKeys,
  suggestedOutcome,
  useFollowUpTask,
  useOrganisationTime,
} from './followUpsApi';

interface OutcomeValues {
  outcome?: CallOutcome;
  note?: string;
  minutes?: number | null;
  seconds?: number | null;
}

/** A placed click-to-call: the call centre rings the agent's phone, then the customer's. */
interface PlacedCall {
  callId: string;
}

/** The talk time as the API takes it: minutes and seconds → seconds; nothing typed → absent. */
export function durationSeconds(minutes: number | null | undefined, seconds: number | null | undefined) {
  if ((minutes ?? null) === null && (seconds ?? null) === null) return undefined;
  return (minutes ?? 0) * 60 + (seconds ?? 0);
}

/**
 * The call and its outcome: the Call button asks the server (`POST …/call`) — a `tel:` link the browser opens, or a
 * click-to-call the call centre places (then "calling…" and the call's id goes with the outcome) — and the outcome
 * form records what happened: reached, no answer, busy (retried later by the rule), refused or wrong number (the
 * task closes).
 */
export function CallPanel({ task, reached }: { task: FollowUpTaskDetail; reached: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const formatTime = useOrganisationTime();
  const [form] = Form.useForm<OutcomeValues>();
  const [placed, setPlaced] = useState<PlacedCall | null>(null);
  // After a call reached the customer the survey comes first; another call is logged on demand.
  const [logging, setLogging] = useState(false);
  const showForm = !reached || logging;
  // A placed call: ask for the task every 3 s until the call centre's record of the call has come back.
  const record = placed ? task.callRecords.find((item) => item.callId === placed.callId) : undefined;
  const waiting = placed !== null && record?.status !== 'ended';
  useFollowUpTask(task.id, { everyMs: 3000, enabled: waiting });
  // The ended call's talk time and outcome prefill the form (what the agent chose already stays).
  useEffect(() => {
    if (record?.status !== 'ended') return;
    const seconds = record.durationSeconds;
    form.setFieldsValue({
      outcome: form.getFieldValue('outcome') ?? suggestedOutcome(record),
      ...(seconds !== null && form.getFieldValue('minutes') == null && form.getFieldValue('seconds') == null
        ? { minutes: Math.floor(seconds / 60), seconds: seconds % 60 }
        : {}),
    });
  }, [record, form]);

  const call = useMutation({
    mutationFn: () => ok(client.POST('/follow-ups/tasks/{id}/call', { params: { path: { id: task.id } } })),
    onSuccess: (answer) => {
      if (answer.kind === 'link') {
        setPlaced(null);
        dialTel(answer.href);
      } else {
        setPlaced({ callId: answer.callId });
      }
      setLogging(true);
    },
    onError: (error) => onError(error),
  });

  const save = useMutation({
    mutationFn: (body: AttemptBody) =>
      ok(client.POST('/follow-ups/tasks/{id}/attempts', { params: { path: { id: task.id } }, body })),
    onSuccess: (answer) => {
      const { outcome } = answer.attempt;
      if (outcome === 'reached') message.success(t('followUps.outcome.savedReached'));
      else if (answer.task.status === 'pending' || answer.task.status === 'in_progress')
        message.success(
          answer.task.nextCallAt
            ? t('followUps.outcome.savedRetry', { time: formatTime(answer.task.nextCallAt) })
            : t('followUps.outcome.saved'),
        );
      else message.success(t('followUps.outcome.savedClosed', { status: t(`followUps.status.${answer.task.status}`) }));
      form.resetFields();
      setPlaced(null);
      setLogging(false);
      // Not awaited: the form is ready for the next call at once (an awaited refetch kept Save spinning, and a click
      // on a spinning button is dropped).
      void queryClient.invalidateQueries({ queryKey: followUpKeys.all });
    },
    onError: (error) => onError(error, form),
  });

  const submit = (values: OutcomeValues) => {
    if (!values.outcome) return;
    const note = values.note?.trim();
    const duration = durationSeconds(values.minutes, values.seconds);
    save.mutate({
      outcome: values.outcome,
      ...(note ? { note } : {}),
      ...(duration !== undefined ? { durationSeconds: duration } : {}),
      ...(placed ? { callId: placed.callId } : {}),
    });
  };

  const phone = task.customerPhone;
  return (
    <Card title={t('followUps.call.title')} data-testid="follow-up-call-card">
      <Flex vertical gap={16}>
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Flex vertical gap={0} style={{ minWidth: 0 }}>
            <Typography.Text strong>{task.customerName ?? t('followUps.noName')}</Typography.Text>
            <Typography.Text type="secondary" data-testid="follow-up-phone">
              {phone ?? t('followUps.call.noPhone')}
            </Typography.Text>
          </Flex>
          <Button
            type="primary"
            size="large"
            icon={<PhoneOutlined />}
            loading={call.isPending}
            // One call at a time: while a placed call has not come back, calling again would ring twice.
            disabled={!phone || waiting}
            onClick={() => call.mutate()}
            data-testid="follow-up-call"
          >
            {t('followUps.call.button')}
          </Button>
        </Flex>
        {!task.callableNow && task.nextCallAt ? (
          <Alert
            type="warning"
            showIcon
            data-testid="follow-up-not-callable"
            title={t('followUps.call.notCallableNow', { time: formatTime(task.nextCallAt) })}
          />
        ) : null}
        {call.isError && phone ? (
          <Typography.Text type="secondary">
            {t('followUps.call.dialByHand')}{' '}
            <a href={`tel:${phone}`} data-testid="follow-up-dial">
              {phone}
            </a>
          </Typography.Text>
        ) : null}
        {waiting ? (
          <Alert
            type="info"
            showIcon
            icon={<Spin size="small" />}
            data-testid="follow-up-calling"
            title={t('followUps.call.calling')}
            description={t('followUps.call.callingHelp')}
          />
        ) : record?.status === 'ended' ? (
          <Alert
            type={record.outcome === 'answered' ? 'success' : 'warning'}
            showIcon
            data-testid="follow-up-call-ended"
            title={t('followUps.call.ended', {
              outcome: t(`followUps.call.recordOutcomes.${record.outcome ?? 'failed'}`),
            })}
            description={t('followUps.call.endedHelp')}
          />
        ) : null}
        {showForm ? (
          <Form<OutcomeValues>
            form={form}
            layout="vertical"
            onFinish={submit}
            data-testid="follow-up-outcome-form"
            requiredMark={false}
          >
            <Form.Item
              name="outcome"
              label={t('followUps.outcome.title')}
              rules={[{ required: true, message: t('followUps.outcome.required') }]}
            >
              <Radio.Group optionType="button" buttonStyle="solid" aria-label={t('followUps.outcome.title')}>
                <Flex wrap gap={8}>
                  {CALL_OUTCOMES.map((outcome) => (
                    <Radio.Button key={outcome} value={outcome}>
                      <span data-testid={`follow-up-outcome-${outcome}`}>{t(`followUps.outcomes.${outcome}`)}</span>
                    </Radio.Button>
                  ))}
                </Flex>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="note" label={t('followUps.outcome.note')}>
              <Input.TextArea
                data-testid="follow-up-outcome-note"
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={t('followUps.outcome.notePlaceholder')}
                {...inputLimit(2000)}
              />
            </Form.Item>
            <Form.Item label={t('followUps.outcome.duration')} style={{ marginBottom: 16 }}>
              <Space wrap>
                <Form.Item name="minutes" noStyle>
                  <InputNumber
                    min={0}
                    max={24 * 60}
                    precision={0}
                    suffix={t('followUps.outcome.minutes')}
                    aria-label={t('followUps.outcome.minutesLabel')}
                    data-testid="follow-up-outcome-minutes"
                    style={{ width: 120 }}
                  />
                </Form.Item>
                <Form.Item name="seconds" noStyle>
                  <InputNumber
                    min={0}
                    max={59}
                    precision={0}
                    suffix={t('followUps.outcome.seconds')}
                    aria-label={t('followUps.outcome.secondsLabel')}
                    data-testid="follow-up-outcome-seconds"
                    style={{ width: 120 }}
                  />
                </Form.Item>
              </Space>
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="follow-up-outcome-save">
                {t('followUps.outcome.save')}
              </Button>
              {reached ? (
                <Button onClick={() => setLogging(false)} data-testid="follow-up-outcome-cancel">
                  {t('common.cancel')}
                </Button>
              ) : null}
            </Space>
          </Form>
        ) : (
          <Button
            type="link"
            style={{ padding: 0, alignSelf: 'flex-start' }}
            onClick={() => setLogging(true)}
            data-testid="follow-up-log-call"
          >
            {t('followUps.outcome.logAnother')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
