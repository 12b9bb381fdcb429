import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scope } from '../../../common/roles';
import { client, ok } from '../../api/client';

import { appKeys } from '../../app/queryKeys';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { apiKeyKeys } from './apiKeysApi';

interface Values {
  name: string;
  scopes: Scope[];
}

export function CreateApiKeyModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (key: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const meta = useQuery({ queryKey: appKeys.meta, queryFn: () => ok(client.GET('/meta')), staleTime: 5 * 60_000 });

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const create = useMutation({
    mutationFn: (values: Values) =>
      ok(client.POST('/api-keys', { body: { name: values.name.trim(), scopes: values.scopes } })),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
      onCreated(created.key);
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Modal
      open={open}
      title={t('apiKeys.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending, ...testId('api-key-save') }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[{ required: true, whitespace: true, message: t('apiKeys.nameRequired') }]}
        >
          <Input data-testid="api-key-name" {...inputLimit(100)} />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('apiKeys.scopes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('apiKeys.scopesRequired') }]}
        >
          <Select
            mode="multiple"
            data-testid="api-key-scopes"
            loading={meta.isPending}
            options={(meta.data?.scopes ?? []).map((scope) => ({ value: scope, label: scope }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
