import type { FormInstance } from 'antd';
import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { rootCauseLabel, useRootCauses } from './casesApi';

export interface CloseValues {
  rootCauseId?: string;
  correctiveAction?: string;
  note?: string;
}

/**
 * Closing a case: the root cause (the configured list, labelled in the console's language) and the corrective
 * action are required — checked here, and by the server, whose field errors land on the same fields.
 */
export function CloseCaseModal({
  open,
  form,
  closing,
  onClose,
  onCancel,
}: {
  open: boolean;
  form: FormInstance<CloseValues>;
  closing: boolean;
  onClose: (values: CloseValues) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const causes = useRootCauses();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  return (
    <Modal
      open={open}
      title={t('cases.close.title')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('cases.close.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: closing, ...testId('case-close-submit') }}
      forceRender
    >
      <Form<CloseValues> form={form} layout="vertical" onFinish={onClose} data-testid="case-close-form">
        <Form.Item
          name="rootCauseId"
          label={t('cases.close.rootCause')}
          rules={[{ required: true, message: t('cases.close.rootCauseRequired') }]}
        >
          <Select
            data-testid="case-root-cause"
            loading={causes.isPending}
            placeholder={t('cases.close.rootCausePlaceholder')}
            options={(causes.data ?? []).map((cause) => ({
              value: cause.id,
              label: rootCauseLabel(cause, i18n.language),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="correctiveAction"
          label={t('cases.close.correctiveAction')}
          extra={t('cases.close.correctiveActionHelp')}
          rules={[{ required: true, whitespace: true, message: t('cases.close.correctiveActionRequired') }]}
        >
          <Input.TextArea
            data-testid="case-corrective-action"
            autoSize={{ minRows: 3, maxRows: 8 }}
            {...inputLimit(2000)}
          />
        </Form.Item>
        <Form.Item name="note" label={t('cases.close.note')}>
          <Input.TextArea data-testid="case-close-note" autoSize={{ minRows: 1, maxRows: 4 }} {...inputLimit(5000)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
