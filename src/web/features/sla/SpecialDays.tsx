import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Calendar, Empty, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { type BusinessCalendar, type CalendarDay, slaKeys } from './slaApi';

interface DayValues {
  working: boolean;
  name?: string;
}

/**
 * A calendar's special days in a month or year view: holidays (休) and make-up working days (班, 调休 — a weekend day
 * worked); a click on a date adds, changes or removes its mark (PUT / DELETE `/business-calendars/{id}/days/{date}`),
 * and the year's marked days are listed below with their names.
 */
export function SpecialDays({ calendar, canWrite }: { calendar: BusinessCalendar; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<Dayjs>(() => dayjs());
  const [editing, setEditing] = useState<string | null>(null);
  const [form] = Form.useForm<DayValues>();
  const byDate = new Map(calendar.days.map((day) => [day.date, day]));
  const existing = editing ? byDate.get(editing) : undefined;

  const done = async (answer: BusinessCalendar) => {
    queryClient.setQueryData(slaKeys.calendars, (old: { items: BusinessCalendar[] } | undefined) =>
      old ? { items: old.items.map((item) => (item.id === answer.id ? answer : item)) } : old,
    );
    await queryClient.invalidateQueries({ queryKey: slaKeys.all });
    message.success(t('common.saved'));
    setEditing(null);
  };
  const put = useMutation({
    mutationFn: ({ date, values }: { date: string; values: DayValues }) =>
      ok(
        client.PUT('/business-calendars/{id}/days/{date}', {
          params: { path: { id: calendar.id, date } },
          body: { working: values.working, name: values.name?.trim() || null },
        }),
      ),
    onSuccess: done,
    onError: (error) => onError(error, form),
  });
  const remove = useMutation({
    mutationFn: (date: string) =>
      ok(client.DELETE('/business-calendars/{id}/days/{date}', { params: { path: { id: calendar.id, date } } })),
    onSuccess: done,
    onError: (error) => onError(error),
  });

  const open = (date: string) => {
    if (!canWrite) return;
    const day = byDate.get(date);
    // A new mark on a weekend is usually a make-up working day (调休), on a weekday a holiday.
    form.setFieldsValue({ working: day?.working ?? isWeekend(date), name: day?.name ?? '' });
    setEditing(date);
  };
  const year = shown.year();
  const daysOfYear = calendar.days.filter((day) => day.date.startsWith(`${year}-`));

  const mark = (day: CalendarDay) =>
    day.working ? (
      <Tag color="blue" style={{ marginInlineEnd: 0 }}>
        {t('sla.calendars.workingMark')}
      </Tag>
    ) : (
      <Tag color="red" style={{ marginInlineEnd: 0 }}>
        {t('sla.calendars.holidayMark')}
      </Tag>
    );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="special-days">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('sla.calendars.specialDaysHelp')}
      </Typography.Paragraph>
      <Calendar
        value={shown}
        onPanelChange={(value) => setShown(value)}
        onSelect={(value, info) => {
          setShown(value);
          if (info.source === 'date') open(value.format('YYYY-MM-DD'));
        }}
        cellRender={(current, info) => {
          if (info.type === 'date') {
            const day = byDate.get(current.format('YYYY-MM-DD'));
            if (!day) return null;
            return (
              <div data-testid="special-day" data-date={day.date} title={day.name ?? undefined}>
                {mark(day)}
                {day.name ? (
                  <Typography.Text style={{ fontSize: 12, marginInlineStart: 4 }} ellipsis>
                    {day.name}
                  </Typography.Text>
                ) : null}
              </div>
            );
          }
          if (info.type === 'month') {
            const prefix = current.format('YYYY-MM-');
            const holidays = calendar.days.filter((d) => d.date.startsWith(prefix) && !d.working).length;
            const working = calendar.days.filter((d) => d.date.startsWith(prefix) && d.working).length;
            return holidays + working > 0 ? (
              <Space size={4} wrap>
                {holidays ? <Badge color="red" text={t('sla.calendars.holidays', { count: holidays })} /> : null}
                {working ? <Badge color="blue" text={t('sla.calendars.workingDays', { count: working })} /> : null}
              </Space>
            ) : null;
          }
          return info.originNode;
        }}
      />
      <Table<CalendarDay>
        size="small"
        rowKey="date"
        pagination={false}
        data-testid="special-days-table"
        dataSource={daysOfYear}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sla.calendars.noSpecialDays', { year })} />
          ),
        }}
        scroll={{ x: 420 }}
        columns={[
          { title: t('sla.calendars.date'), dataIndex: 'date', key: 'date', width: 120 },
          { title: t('sla.calendars.kind'), key: 'kind', width: 120, render: (_, day) => mark(day) },
          { title: t('sla.calendars.dayName'), key: 'name', render: (_, day) => day.name ?? '—' },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, day: CalendarDay) => (
                    <Space>
                      <Button size="small" onClick={() => open(day.date)}>
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        loading={remove.isPending && remove.variables === day.date}
                        onClick={() => remove.mutate(day.date)}
                        data-testid="special-day-remove"
                      >
                        {t('sla.calendars.removeDay')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing ? t('sla.calendars.dayTitle', { date: editing }) : ''}
        onCancel={() => setEditing(null)}
        forceRender
        footer={[
          existing ? (
            <Button
              key="remove"
              danger
              loading={remove.isPending}
              onClick={() => editing && remove.mutate(editing)}
              data-testid="day-remove"
            >
              {t('sla.calendars.removeDay')}
            </Button>
          ) : null,
          <Button key="cancel" onClick={() => setEditing(null)}>
            {t('common.cancel')}
          </Button>,
          <Button
            key="save"
            type="primary"
            loading={put.isPending}
            onClick={() => form.submit()}
            {...testId('day-save')}
          >
            {t('common.save')}
          </Button>,
        ]}
      >
        <Form<DayValues>
          form={form}
          layout="vertical"
          onFinish={(values) => editing && put.mutate({ date: editing, values })}
        >
          <Form.Item name="working" label={t('sla.calendars.kind')}>
            <Radio.Group
              data-testid="day-kind"
              options={[
                { value: false, label: t('sla.calendars.holiday') },
                { value: true, label: t('sla.calendars.makeUpDay') },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('sla.calendars.dayName')}>
            <Input data-testid="day-name" placeholder={t('sla.calendars.dayNamePlaceholder')} {...inputLimit(100)} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}
