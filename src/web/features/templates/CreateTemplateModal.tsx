import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { templateKeys, useServiceTypes } from './templatesApi';

interface Values {
  name: string;
  description?: string;
  serviceTypeIds?: string[];
}

/** Creates a template (with an empty draft version 1) and opens its editor. */
export function CreateTemplateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const serviceTypes = useServiceTypes();

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const create = useMutation({
    mutationFn: (values: Values) =>
      ok(
        client.POST('/rating-templates', {
          body: {
            name: values.name.trim(),
            description: values.description?.trim() || null,
            serviceTypeIds: values.serviceTypeIds ?? [],
            draft: { layout: 'vertical', weighting: true, dimensions: [] },
          },
        }),
      ),
    onSuccess: async (created) => {
      message.success(t('templates.created'));
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
      onClose();
      navigate(`/rating/templates/${created.id}`);
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Modal
      open={open}
      title={t('templates.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending, ...testId('template-create-save') }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <TemplateMetadataFields serviceTypesLoading={serviceTypes.isLoading} serviceTypes={serviceTypes.data ?? []} />
      </Form>
    </Modal>
  );
}

/** Name, description and service types: shared by the create dialog and the editor's details tab. */
export function TemplateMetadataFields({
  serviceTypes,
  serviceTypesLoading,
  withRecordTypes = false,
}: {
  serviceTypes: { id: string; name: string; active: boolean }[];
  serviceTypesLoading: boolean;
  withRecordTypes?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="name"
        label={t('templates.name')}
        rules={[{ required: true, whitespace: true, message: t('templates.nameRequired') }]}
      >
        <Input data-testid="template-name" {...inputLimit(200)} />
      </Form.Item>
      <Form.Item name="description" label={t('templates.description')}>
        <Input.TextArea
          data-testid="template-description"
          {...inputLimit(2000)}
          autoSize={{ minRows: 2, maxRows: 6 }}
        />
      </Form.Item>
      <Form.Item name="serviceTypeIds" label={t('templates.serviceTypes')} extra={t('templates.serviceTypesHelp')}>
        <Select
          mode="multiple"
          allowClear
          data-testid="template-service-types"
          loading={serviceTypesLoading}
          optionFilterProp="label"
          options={serviceTypes.map((st) => ({
            value: st.id,
            label: st.active ? st.name : `${st.name} (${t('templates.inactive')})`,
          }))}
        />
      </Form.Item>
      {withRecordTypes ? (
        <Form.Item name="recordTypes" label={t('templates.recordTypes')} extra={t('templates.recordTypesHelp')}>
          <Select mode="tags" data-testid="template-record-types" tokenSeparators={[',']} open={false} />
        </Form.Item>
      ) : null}
    </>
  );
}
