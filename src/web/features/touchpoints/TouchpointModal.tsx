import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { type Touchpoint, touchpointKeys } from './touchpointsApi';

interface Values {
  key: string;
  nameEn: string;
  nameZh: string;
  weight: number;
  sort?: number | null;
}

/** Create or edit a touchpoint: its key (as work orders carry it), names in both languages, weight and order. */
export function TouchpointModal({
  open,
  touchpoint,
  onClose,
}: {
  open: boolean;
  touchpoint: Touchpoint | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      touchpoint
        ? {
            key: touchpoint.key,
            nameEn: touchpoint.nameEn,
            nameZh: touchpoint.nameZh,
            weight: touchpoint.weight,
            sort: touchpoint.sort,
          }
        : { weight: 1, sort: 0 },
    );
  }, [open, touchpoint, form]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        key: values.key.trim(),
        nameEn: values.nameEn.trim(),
        nameZh: values.nameZh.trim(),
        weight: values.weight,
        sort: values.sort ?? 0,
      };
      return touchpoint
        ? ok(client.PATCH('/touchpoints/{id}', { params: { path: { id: touchpoint.id } }, body }))
        : ok(client.POST('/touchpoints', { body }));
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: touchpointKeys.all });
      onClose();
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Modal
      open={open}
      title={touchpoint ? t('touchpoints.editTitle') : t('touchpoints.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={touchpoint ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending, ...testId('touchpoint-save') }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="key"
          label={t('touchpoints.key')}
          extra={t('touchpoints.keyHelp')}
          rules={[{ required: true, whitespace: true, message: t('touchpoints.keyRequired') }]}
        >
          <Input data-testid="touchpoint-key" {...inputLimit(100)} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('touchpoints.nameEn')}
          rules={[{ required: true, whitespace: true, message: t('touchpoints.nameRequired') }]}
        >
          <Input data-testid="touchpoint-name-en" {...inputLimit(100)} />
        </Form.Item>
        <Form.Item
          name="nameZh"
          label={t('touchpoints.nameZh')}
          rules={[{ required: true, whitespace: true, message: t('touchpoints.nameRequired') }]}
        >
          <Input data-testid="touchpoint-name-zh" {...inputLimit(100)} />
        </Form.Item>
        <Form.Item
          name="weight"
          label={t('touchpoints.weight')}
          extra={t('touchpoints.weightHelp')}
          rules={[
            { required: true, message: t('touchpoints.weightRequired') },
            {
              validator: (_, value: number | null) =>
                value === null || value === undefined || value > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('touchpoints.weightRequired'))),
            },
          ]}
        >
          <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} data-testid="touchpoint-weight" />
        </Form.Item>
        <Form.Item name="sort" label={t('touchpoints.sort')}>
          <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
