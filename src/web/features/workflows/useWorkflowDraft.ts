import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { serviceTypeKeys } from '../service-types/serviceTypesApi';
import { showServerErrors, toFormValues, toWorkflowBody, type WorkflowFormValues } from './workflowForm';
import { workflowKeys } from './workflowsApi';

/**
 * A service type's workflow being edited: the service type, the stored workflow, the form holding the draft (filled
 * when the workflow loads) and the save, which maps the server's field errors back onto the form.
 */
export function useWorkflowDraft(serviceTypeId: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WorkflowFormValues>();
  const serviceType = useQuery({
    queryKey: serviceTypeKeys.detail(serviceTypeId),
    queryFn: () => ok(client.GET('/service-types/{id}', { params: { path: { id: serviceTypeId } } })),
  });
  const workflow = useQuery({
    queryKey: workflowKeys.ofServiceType(serviceTypeId),
    queryFn: () => ok(client.GET('/service-types/{id}/workflow', { params: { path: { id: serviceTypeId } } })),
  });

  useEffect(() => {
    if (!workflow.data) return;
    // Whole lists, not merged item by item: a node removed in the draft must not come back from the old values.
    const values = toFormValues(workflow.data);
    form.setFieldValue('nodes', values.nodes);
    form.setFieldValue('fieldDefinitions', values.fieldDefinitions);
  }, [workflow.data, form]);

  const save = useMutation({
    mutationFn: (values: WorkflowFormValues) =>
      ok(
        client.PUT('/service-types/{id}/workflow', {
          params: { path: { id: serviceTypeId } },
          body: toWorkflowBody(values),
        }),
      ),
    onSuccess: (view) => {
      queryClient.setQueryData(workflowKeys.ofServiceType(serviceTypeId), view);
      message.success(t('common.saved'));
    },
    onError: (error, values) => {
      onError(error);
      showServerErrors(error, values, form);
    },
  });

  return { form, serviceType, workflow, save };
}
