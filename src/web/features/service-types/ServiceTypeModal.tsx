import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';

import type { ServiceType } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { serviceTypeKeys } from './serviceTypesApi';

export const SERVICE_TYPE_CODE = /^[a-z0-9_-]+$/;

interface Values {
  name: string;
  code: string;
  description?: string;
  active: boolean;
}

export function ServiceTypeModal({
  open,
  serviceType,
  onClose,
}: {
  open: boolean;
  serviceType: ServiceType | null;
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
      serviceType
        ? {
            name: serviceType.name,
            code: serviceType.code,
            description: serviceType.description ?? '',
            active: serviceType.active,
          }
        : { active: true },
    );
  }, [open, serviceType, form]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        code: values.code.trim(),
        description: values.description?.trim() || null,
        active: values.active,
      };
      return serviceType
        ? ok(client.PATCH('/service-types/{id}', { params: { path: { id: serviceType.id } }, body }))
        : ok(client.POST('/service-types', { body }));
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: serviceTypeKeys.all });
      onClose();
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Modal
      open={open}
      title={serviceType ? t('serviceTypes.editTitle') : t('serviceTypes.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={serviceType ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending, ...testId('service-type-save') }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="name"
          label={t('serviceTypes.name')}
          rules={[{ required: true, whitespace: true, message: t('serviceTypes.nameRequired') }]}
        >
          <Input data-testid="service-type-name" {...inputLimit(100)} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('serviceTypes.code')}
          extra={t('serviceTypes.codeHelp')}
          rules={[
            { required: true, message: t('serviceTypes.codeRequired') },
            { pattern: SERVICE_TYPE_CODE, message: t('serviceTypes.codeInvalid') },
          ]}
        >
          <Input data-testid="service-type-code" {...inputLimit(40)} />
        </Form.Item>
        <Form.Item name="description" label={t('serviceTypes.description')}>
          <Input.TextArea rows={3} {...inputLimit(1000)} />
        </Form.Item>
        <Form.Item name="active" label={t('serviceTypes.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
