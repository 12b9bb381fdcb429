import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Flex, Form, Grid, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { inputLimit } from '../../components/inputLimit';
import { departmentKeys } from '../departments/departmentsApi';
import {
  CADENCES,
  RECIPIENT_KINDS,
  REPORT_LANGUAGES,
  REPORT_ROLES,
  type ReportCadence,
  type ReportLanguage,
  type ReportRecipientKind,
  type ReportSchedule,
  type ReportScheduleBody,
  reportKeys,
} from './reportsApi';

/** The server's limit (reports.schemas.ts). */
const MAX_RECIPIENTS = 50;
/** "The organisation's language" in a Select (antd cannot hold null as an option value). */
const DEFAULT_LANGUAGE = 'default';

interface RecipientRow {
  kind: ReportRecipientKind;
  employeeId?: string | null;
  role?: string;
  email?: string;
  language: ReportLanguage | typeof DEFAULT_LANGUAGE;
}

interface Values {
  name: string;
  cadence: ReportCadence;
  departmentId: string | null;
  enabled: boolean;
  recipients: RecipientRow[];
}

function toRows(schedule: ReportSchedule): RecipientRow[] {
  return schedule.recipients.map((r) => ({
    kind: r.kind,
    ...(r.kind === 'employee'
      ? { employeeId: r.employeeId }
      : r.kind === 'role'
        ? { role: r.role }
        : { email: r.email }),
    language: r.language ?? DEFAULT_LANGUAGE,
  }));
}

function toBody(values: Values): ReportScheduleBody {
  return {
    name: values.name.trim(),
    cadence: values.cadence,
    filters: values.departmentId ? { departmentId: values.departmentId } : {},
    enabled: values.enabled,
    recipients: values.recipients.map((r) => {
      const language = r.language === DEFAULT_LANGUAGE ? null : r.language;
      if (r.kind === 'employee') return { kind: 'employee', employeeId: r.employeeId!, language };
      if (r.kind === 'role') return { kind: 'role', role: r.role as (typeof REPORT_ROLES)[number], language };
      return { kind: 'email', email: (r.email ?? '').trim(), language };
    }),
  };
}

interface Props {
  open: boolean;
  /** null = create */
  schedule: ReportSchedule | null;
  onClose: () => void;
}

/** Create or edit a scheduled report: name, cadence, department, recipients with their language. */
export function ReportScheduleDrawer({ open, schedule, onClose }: Props) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const departments = useQuery({
    queryKey: departmentKeys.all,
    queryFn: () => ok(client.GET('/departments', { params: { query: { limit: 500 } } })).then((page) => page.items),
    enabled: open,
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      schedule
        ? {
            name: schedule.name,
            cadence: schedule.cadence,
            departmentId: schedule.filters.departmentId ?? null,
            enabled: schedule.enabled,
            recipients: toRows(schedule),
          }
        : {
            cadence: 'weekly',
            departmentId: null,
            enabled: true,
            recipients: [{ kind: 'role', role: 'admin', language: DEFAULT_LANGUAGE }],
          },
    );
  }, [open, schedule, form]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = toBody(values);
      return schedule
        ? ok(client.PATCH('/report-schedules/{id}', { params: { path: { id: schedule.id } }, body }))
        : ok(client.POST('/report-schedules', { body }));
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: reportKeys.all });
      onClose();
    },
    // A recipient's error lands on its row (`recipients.0.employeeId`); the others in the message.
    onError: (error) => onError(error, form),
  });

  const languageOptions = [
    { value: DEFAULT_LANGUAGE, label: t('reports.languageDefault') },
    ...REPORT_LANGUAGES.map((l) => ({ value: l, label: t(`reports.languages.${l}`) })),
  ];

  return (
    <Drawer
      open={open}
      size={screens.md ? 720 : '100%'}
      title={schedule ? t('reports.editTitle') : t('reports.newTitle')}
      onClose={onClose}
      destroyOnHidden
      data-testid="report-schedule-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="report-save">
            {schedule ? t('common.save') : t('common.create')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="name"
          label={t('reports.name')}
          rules={[{ required: true, whitespace: true, message: t('reports.nameRequired') }]}
        >
          <Input data-testid="report-name" {...inputLimit(100)} />
        </Form.Item>
        <Form.Item name="cadence" label={t('reports.cadence')} rules={[{ required: true }]}>
          <Radio.Group data-testid="report-cadence">
            {CADENCES.map((c) => (
              <Radio key={c} value={c}>
                {t(`reports.cadences.${c}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="departmentId" label={t('reports.department')} extra={t('reports.departmentHelp')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('reports.departmentAll')}
            loading={departments.isLoading}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            data-testid="report-department"
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('reports.enabled')} valuePropName="checked">
          <Switch data-testid="report-enabled" />
        </Form.Item>
        <Typography.Title level={5}>{t('reports.recipients')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('reports.recipientsHelp')}</Typography.Paragraph>
        <Form.List
          name="recipients"
          rules={[
            {
              validator: async (_, rows: RecipientRow[] | undefined) => {
                if (!rows?.length) throw new Error(t('reports.recipientsRequired'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8} data-testid="report-recipients">
              {fields.map((field) => (
                <RecipientFields
                  key={field.key}
                  name={field.name}
                  languageOptions={languageOptions}
                  onRemove={() => remove(field.name)}
                />
              ))}
              <Form.ErrorList errors={errors} />
              {fields.length < MAX_RECIPIENTS ? (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ kind: 'email', email: '', language: DEFAULT_LANGUAGE })}
                  style={{ alignSelf: 'flex-start' }}
                  data-testid="report-add-recipient"
                >
                  {t('reports.addRecipient')}
                </Button>
              ) : null}
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

function RecipientFields({
  name,
  languageOptions,
  onRemove,
}: {
  name: number;
  languageOptions: { value: string; label: string }[];
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const kind = Form.useWatch(['recipients', name, 'kind'], form) as ReportRecipientKind | undefined;
  return (
    <Flex gap={8} wrap align="start" data-testid="report-recipient">
      <Form.Item name={[name, 'kind']} style={{ marginBottom: 0, width: 130 }}>
        <Select
          aria-label={t('reports.kind')}
          options={RECIPIENT_KINDS.map((k) => ({ value: k, label: t(`reports.kinds.${k}`) }))}
          data-testid="report-recipient-kind"
        />
      </Form.Item>
      {kind === 'employee' ? (
        <Form.Item
          name={[name, 'employeeId']}
          rules={[{ required: true, message: t('reports.employeeRequired') }]}
          style={{ marginBottom: 0, flex: '1 1 200px', minWidth: 180 }}
        >
          <EmployeeSelect placeholder={t('reports.employee')} style={{ width: '100%' }} data-testid="report-employee" />
        </Form.Item>
      ) : kind === 'role' ? (
        <Form.Item
          name={[name, 'role']}
          rules={[{ required: true, message: t('reports.roleRequired') }]}
          style={{ marginBottom: 0, flex: '1 1 200px', minWidth: 180 }}
        >
          <Select
            aria-label={t('reports.role')}
            placeholder={t('reports.role')}
            options={REPORT_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            data-testid="report-role"
          />
        </Form.Item>
      ) : (
        <Form.Item
          name={[name, 'email']}
          rules={[
            { required: true, whitespace: true, message: t('reports.emailRequired') },
            { type: 'email', message: t('reports.emailInvalid') },
          ]}
          style={{ marginBottom: 0, flex: '1 1 200px', minWidth: 180 }}
        >
          <Input
            aria-label={t('reports.email')}
            placeholder={t('reports.email')}
            inputMode="email"
            data-testid="report-email"
            {...inputLimit(254)}
          />
        </Form.Item>
      )}
      <Form.Item name={[name, 'language']} style={{ marginBottom: 0, width: 170 }}>
        <Select aria-label={t('reports.language')} options={languageOptions} data-testid="report-language" />
      </Form.Item>
      <Button
        icon={<DeleteOutlined />}
        aria-label={t('reports.removeRecipient')}
        onClick={onRemove}
        data-testid="report-remove-recipient"
      />
    </Flex>
  );
}
