import { Alert, Button, Divider, Drawer, Form, type FormInstance, Input, Space, Switch } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceType } from '../../app/types';
import { inputLimit } from '../../components/inputLimit';
import type { DepartmentNode } from '../departments/departmentsApi';
import { PlainConditionBuilder } from './PlainConditionBuilder';
import type { RuleFields } from './rulesApi';
import type { ConditionsEditor } from './useConditionsEditor';

interface Props<V> {
  /** The i18n namespace of the screen (`rules`, `alertRules`, `followUpRules`): viewTitle, editTitle, newTitle, name, enabled, outcome. */
  ns: string;
  /** The data-testid stem: `<stem>-drawer`, `<stem>-save`, `<stem>-name`, `<stem>-enabled`. */
  testId: string;
  open: boolean;
  /** true: a new rule (the button says "create"). */
  isNew: boolean;
  readOnly: boolean;
  onClose: () => void;
  form: FormInstance<V>;
  saving: boolean;
  onFinish: (values: V) => void;
  size?: number | string;
  nameWidth?: number | string;
  /** The message of an empty name (default `rules.nameRequired`). */
  nameRequired?: string;
  /** The conditions' label and help below them. */
  conditionsLabel: string;
  conditionsHelp: string;
  /** The conditions being edited; their refusal by the server is shown under the builder with `conditionsErrorTestId`. */
  editor: ConditionsEditor;
  conditionsErrorTestId: string;
  /** The builder over the work order's fields (rating and follow-up rules), once they are loaded… */
  workOrderFields?: { meta: RuleFields | undefined; serviceTypes: ServiceType[]; departmentTree: DepartmentNode[] };
  /** …or the screen's own builder (or the conditions in words for a reader who cannot load it). */
  conditions?: ReactNode;
  /** The fields of what the rule decides, under the "outcome" divider. */
  children: ReactNode;
}

/**
 * The drawer shared by the rating, alert and follow-up rules: create, edit or (read-only) view one rule — its name
 * and enabled switch, its conditions with the server's refusal of them, then the screen's own outcome fields; cancel
 * and save on top for editors.
 */
export function RuleDrawerFrame<V>(props: Props<V>) {
  const { t } = useTranslation();
  const { ns, testId, open, isNew, readOnly, onClose, form, editor, workOrderFields } = props;
  return (
    <Drawer
      open={open}
      size={props.size ?? 760}
      title={readOnly ? t(`${ns}.viewTitle`) : isNew ? t(`${ns}.newTitle`) : t(`${ns}.editTitle`)}
      onClose={onClose}
      destroyOnHidden
      data-testid={`${testId}-drawer`}
      extra={
        readOnly ? null : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={props.saving} onClick={() => form.submit()} data-testid={`${testId}-save`}>
              {isNew ? t('common.create') : t('common.save')}
            </Button>
          </Space>
        )
      }
    >
      <Form form={form} layout="vertical" disabled={readOnly} onFinish={props.onFinish}>
        <Space size={[24, 0]} align="start" wrap style={{ width: '100%' }}>
          <Form.Item
            name="name"
            label={t(`${ns}.name`)}
            rules={[{ required: true, whitespace: true, message: props.nameRequired ?? t('rules.nameRequired') }]}
            style={{ width: props.nameWidth ?? 420 }}
          >
            <Input data-testid={`${testId}-name`} {...inputLimit(200)} />
          </Form.Item>
          <Form.Item name="enabled" label={t(`${ns}.enabled`)} valuePropName="checked">
            <Switch data-testid={`${testId}-enabled`} />
          </Form.Item>
        </Space>
        <Form.Item label={props.conditionsLabel} extra={props.conditionsHelp}>
          {workOrderFields ? (
            workOrderFields.meta ? (
              <PlainConditionBuilder
                editor={editor}
                {...workOrderFields}
                meta={workOrderFields.meta}
                disabled={readOnly}
              />
            ) : null
          ) : (
            props.conditions
          )}
          {editor.error ? (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 8 }}
              title={editor.error}
              data-testid={props.conditionsErrorTestId}
            />
          ) : null}
        </Form.Item>
        <Divider titlePlacement="start">{t(`${ns}.outcome`)}</Divider>
        {props.children}
      </Form>
    </Drawer>
  );
}
