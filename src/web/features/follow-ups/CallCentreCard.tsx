import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Radio, Row, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, client, ok, type RequestBody } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { inputLimit } from '../../components/inputLimit';
import { followUpKeys } from './followUpsApi';

/** `/api/v1/follow-ups/call-centre` (server: modules/follow-ups/call-centre-settings.ts). */
export type CallCentre = Answer<'/follow-ups/call-centre'>;
type CallCentreBody = RequestBody<'/follow-ups/call-centre', 'put'>;
type Provider = CallCentre['provider'];

interface Values {
  provider: Provider;
  tccc: {
    secretId?: string;
    secretKey?: string;
    sdkAppId?: string;
    endpoint?: string;
    region?: string;
    pushUsername?: string;
    pushPassword?: string;
  };
}

const callCentreKey = [...followUpKeys.all, 'call-centre'] as const;

function toForm(view: CallCentre): Values {
  return {
    provider: view.provider,
    tccc: {
      secretId: view.tccc?.secretId ?? '',
      sdkAppId: view.tccc?.sdkAppId ?? '',
      endpoint: view.tccc?.endpoint ?? '',
      region: view.tccc?.region ?? '',
      pushUsername: view.tccc?.pushUsername ?? '',
      secretKey: '',
      pushPassword: '',
    },
  };
}

/** The form as the API takes it: secrets only when typed (omitted = keep the stored ones). */
function fromForm(values: Values): CallCentreBody {
  if (values.provider === 'tel') return { provider: 'tel', tccc: null };
  const v = values.tccc;
  return {
    provider: 'tccc',
    tccc: {
      secretId: v.secretId?.trim() ?? '',
      sdkAppId: v.sdkAppId?.trim() ?? '',
      ...(v.endpoint?.trim() ? { endpoint: v.endpoint.trim() } : {}),
      region: v.region?.trim() || null,
      pushUsername: v.pushUsername?.trim() ?? '',
      ...(v.secretKey ? { secretKey: v.secretKey } : {}),
      ...(v.pushPassword ? { pushPassword: v.pushPassword } : {}),
    },
  };
}

/**
 * The call centre behind the Call button: `tel:` links (the agent's own phone dials) or Tencent Cloud Contact Center
 * click-to-call (TCCC rings the agent's seat, then the customer, and pushes the call record back to `pushUrl`).
 * Secrets are write-only: the server says only whether they are set.
 */
export function CallCentreCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const query = useQuery({ queryKey: callCentreKey, queryFn: () => ok(client.GET('/follow-ups/call-centre')) });
  const provider = Form.useWatch('provider', form);

  // The stored call centre fills the form until the user edits it (a refetch must not undo the typing).
  useEffect(() => {
    if (query.data && !form.isFieldsTouched()) form.setFieldsValue(toForm(query.data));
  }, [query.data, form]);

  const save = useMutation({
    mutationFn: (values: Values) => ok(client.PUT('/follow-ups/call-centre', { body: fromForm(values) })),
    onSuccess: (data) => {
      // Saved: the form shows what is stored again (typed secrets cleared), and follows the server from here.
      form.resetFields();
      form.setFieldsValue(toForm(data));
      queryClient.setQueryData(callCentreKey, data);
      message.success(t('common.saved'));
    },
    onError: (error) => onError(error, form),
  });

  const tccc = query.data?.tccc;
  const required = [{ required: true, whitespace: true, message: t('fieldErrors.required') }];
  return (
    <Card
      title={t('followUps.callCentre.title')}
      data-testid="follow-up-call-centre"
      extra={
        query.data ? (
          <Button loading={save.isPending} onClick={() => form.submit()} data-testid="follow-up-call-centre-save">
            {t('common.save')}
          </Button>
        ) : null
      }
    >
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <Skeleton active />
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
          <Form.Item name="provider" label={t('followUps.callCentre.provider')}>
            <Radio.Group data-testid="follow-up-call-centre-provider">
              <Radio value="tel">{t('followUps.callCentre.tel')}</Radio>
              <Radio value="tccc">{t('followUps.callCentre.tccc')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph type="secondary">
            {provider === 'tccc' ? t('followUps.callCentre.tcccHelp') : t('followUps.callCentre.telHelp')}
          </Typography.Paragraph>
          {provider === 'tccc' ? (
            <Row gutter={[24, 0]}>
              <Col xs={24} md={12}>
                <Form.Item name={['tccc', 'sdkAppId']} label={t('followUps.callCentre.sdkAppId')} rules={required}>
                  <Input {...inputLimit(20)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name={['tccc', 'secretId']} label={t('followUps.callCentre.secretId')} rules={required}>
                  <Input autoComplete="off" {...inputLimit(200)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={['tccc', 'secretKey']}
                  label={t('followUps.callCentre.secretKey')}
                  extra={tccc?.secretKeySet ? t('followUps.callCentre.secretSet') : undefined}
                  rules={tccc?.secretKeySet ? [] : [{ required: true, message: t('fieldErrors.required') }]}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={['tccc', 'endpoint']}
                  label={t('followUps.callCentre.endpoint')}
                  extra={t('followUps.callCentre.endpointHelp')}
                >
                  <Input placeholder="https://ccc.tencentcloudapi.com" {...inputLimit(500)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name={['tccc', 'region']} label={t('followUps.callCentre.region')}>
                  <Input placeholder="ap-guangzhou" {...inputLimit(50)} />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Typography.Text strong>{t('followUps.callCentre.push')}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  {t('followUps.callCentre.pushHelp')}
                </Typography.Paragraph>
                <Typography.Paragraph copyable data-testid="follow-up-push-url">
                  {query.data.pushUrl}
                </Typography.Paragraph>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={['tccc', 'pushUsername']}
                  label={t('followUps.callCentre.pushUsername')}
                  rules={required}
                >
                  <Input autoComplete="off" {...inputLimit(200)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={['tccc', 'pushPassword']}
                  label={t('followUps.callCentre.pushPassword')}
                  extra={tccc?.pushPasswordSet ? t('followUps.callCentre.secretSet') : undefined}
                  rules={[
                    ...(tccc?.pushPasswordSet ? [] : [{ required: true, message: t('fieldErrors.required') }]),
                    { min: 8, message: t('fieldErrors.too_short', { min: 8 }) },
                  ]}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
            </Row>
          ) : null}
        </Form>
      )}
    </Card>
  );
}
