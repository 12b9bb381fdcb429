import { DeleteOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, ConfigProvider, Descriptions, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_ERROR_MESSAGE, useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { useOrganisationTime } from '../follow-ups/followUpsApi';
import { CountTags } from './CountTags';
import {
  downloadJson,
  type EraseResult,
  type ExportSummary,
  exportFileName,
  exportSummary,
  hasPerson,
  OPEN_ID_PATTERN,
  type PersonBody,
  type PersonValues,
  PHONE_PATTERN,
  toPerson,
  useEraseContact,
  useExportContact,
} from './privacyApi';

/**
 * antd's red (#ff4d4f) is 3.3:1 on white, short of WCAG AA's 4.5:1 for the danger buttons' text; red 7 is 5.6:1.
 * Scoped to this card (and its erase dialog), the only place of the console with danger buttons always on screen.
 */
const DANGER_THEME = { token: { colorError: '#cf1322' } };

/** The one toast of the card: an erase's replaces the export's. */
const CONTACT_MESSAGE = 'privacy-contact';

/** The person the form names, one line per address (shown in the erase dialog). */
function PersonLines({ person }: { person: PersonBody }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} size="small" bordered data-testid="privacy-erase-person">
      {person.phone ? <Descriptions.Item label={t('privacy.contact.phone')}>{person.phone}</Descriptions.Item> : null}
      {person.email ? <Descriptions.Item label={t('privacy.contact.email')}>{person.email}</Descriptions.Item> : null}
      {person.openId ? (
        <Descriptions.Item label={t('privacy.contact.openId')}>{person.openId}</Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/**
 * The irreversible erase: says what goes and what stays, and enables its danger button only once the confirmation
 * word (ERASE / 删除) is typed.
 */
function EraseModal({
  person,
  pending,
  onCancel,
  onConfirm,
}: {
  person: PersonBody | null;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const word = t('privacy.erase.word');
  const confirmed = typed.trim() === word;
  return (
    <Modal
      open={person !== null}
      title={t('privacy.erase.title')}
      onCancel={onCancel}
      onOk={() => {
        if (confirmed) onConfirm();
      }}
      okText={t('privacy.erase.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: !confirmed, loading: pending, ...testId('privacy-erase-confirm') }}
      afterClose={() => setTyped('')}
      destroyOnHidden
      data-testid="privacy-erase-modal"
    >
      <Flex vertical gap={12}>
        <Alert type="error" showIcon title={t('privacy.erase.irreversible')} />
        {person ? <PersonLines person={person} /> : null}
        <div>
          <Typography.Text strong>{t('privacy.erase.removedTitle')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            <li>{t('privacy.erase.removed.contact')}</li>
            <li>{t('privacy.erase.removed.text')}</li>
            <li>{t('privacy.erase.removed.portal')}</li>
          </ul>
        </div>
        <div>
          <Typography.Text strong>{t('privacy.erase.staysTitle')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            <li>{t('privacy.erase.stays.ratings')}</li>
            <li>{t('privacy.erase.stays.figures')}</li>
            <li>{t('privacy.erase.stays.optOut')}</li>
          </ul>
        </div>
        <div>
          <label htmlFor="privacy-erase-word" style={{ display: 'block', marginBottom: 4 }}>
            {t('privacy.erase.typeWord', { word })}
          </label>
          <Input
            id="privacy-erase-word"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            onPressEnter={() => {
              if (confirmed && !pending) onConfirm();
            }}
            autoComplete="off"
            spellCheck={false}
            status={typed && !word.startsWith(typed.trim()) ? 'error' : undefined}
            data-testid="privacy-erase-word"
          />
        </div>
      </Flex>
    </Modal>
  );
}

const SUMMARY_PARTS = [
  'workOrders',
  'invitations',
  'ratings',
  'followUps',
  'cases',
  'optOuts',
  'portalSessions',
  'wechatIds',
] as const satisfies readonly (keyof ExportSummary)[];

/** What the downloaded file holds, part by part. */
function ExportResult({ file, summary }: { file: string; summary: ExportSummary }) {
  const { t } = useTranslation();
  const nothing = SUMMARY_PARTS.every((part) => summary[part] === 0);
  return (
    <Alert
      type={nothing ? 'warning' : 'success'}
      showIcon
      title={t('privacy.contact.exportTitle', { file })}
      description={
        nothing ? (
          t('privacy.contact.exportNothing')
        ) : (
          <Descriptions
            column={{ xs: 2, sm: 3, md: 4 }}
            size="small"
            style={{ marginTop: 8 }}
            data-testid="privacy-export-counts"
          >
            {SUMMARY_PARTS.map((part) => (
              <Descriptions.Item key={part} label={t(`privacy.contact.parts.${part}`)}>
                <span data-part={part}>{summary[part]}</span>
              </Descriptions.Item>
            ))}
          </Descriptions>
        )
      }
      data-testid="privacy-export-summary"
    />
  );
}

function EraseResultView({ result }: { result: EraseResult }) {
  const { t } = useTranslation();
  const formatDate = useOrganisationTime();
  return (
    <Alert
      type="success"
      showIcon
      title={t('privacy.erase.resultTitle', { time: formatDate(result.erasedAt) })}
      description={
        <div style={{ marginTop: 8 }}>
          <CountTags counts={result.counts} empty={t('privacy.erase.nothing')} testId="privacy-erase-counts" />
        </div>
      }
      data-testid="privacy-erase-result"
    />
  );
}

/**
 * One person's data on request: find them by phone, e-mail or WeChat openid (at least one), then download everything
 * held about them as `rateloop-contact-<date>.json`, or erase it (POST /privacy/contacts/export and …/erase).
 */
export function ContactDataCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<PersonValues>();
  const exportContact = useExportContact();
  const erase = useEraseContact();
  const [exported, setExported] = useState<{ file: string; summary: ExportSummary } | null>(null);
  const [erased, setErased] = useState<EraseResult | null>(null);
  const [toErase, setToErase] = useState<PersonBody | null>(null);

  const atLeastOne = {
    validator: async () => {
      if (!hasPerson(form.getFieldsValue())) throw new Error(t('privacy.contact.oneRequired'));
    },
  };

  const onExport = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    exportContact.mutate(toPerson(values), {
      onSuccess: (data) => {
        const file = exportFileName(new Date());
        downloadJson(file, data);
        setErased(null);
        setExported({ file, summary: exportSummary(data) });
        message.destroy(API_ERROR_MESSAGE);
        message.success({ key: CONTACT_MESSAGE, content: t('privacy.contact.exported', { file }) });
      },
      onError: (error) => showError(error, form),
    });
  };

  const onErase = async () => {
    const values = await form.validateFields().catch(() => null);
    if (values) setToErase(toPerson(values));
  };

  const confirmErase = () => {
    if (!toErase) return;
    erase.mutate(toErase, {
      onSuccess: (result) => {
        setToErase(null);
        setExported(null);
        setErased(result);
        message.destroy(API_ERROR_MESSAGE);
        message.success({ key: CONTACT_MESSAGE, content: t('privacy.erase.done') });
      },
      onError: (error) => {
        setToErase(null);
        showError(error, form);
      },
    });
  };

  return (
    <ConfigProvider theme={DANGER_THEME}>
      <Card title={t('privacy.contact.title')} data-testid="privacy-contact">
        <Typography.Paragraph type="secondary">{t('privacy.contact.intro')}</Typography.Paragraph>
        <Form<PersonValues> form={form} layout="vertical" style={{ maxWidth: 480 }} data-testid="privacy-contact-form">
          <Form.Item
            name="phone"
            label={t('privacy.contact.phone')}
            dependencies={['email', 'openId']}
            rules={[atLeastOne, { pattern: PHONE_PATTERN, message: t('privacy.contact.phoneInvalid') }]}
          >
            <Input
              {...inputLimit(40)}
              inputMode="tel"
              autoComplete="off"
              placeholder="13800000000"
              data-testid="privacy-phone"
            />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('privacy.contact.email')}
            rules={[{ type: 'email', message: t('privacy.contact.emailInvalid') }]}
          >
            <Input {...inputLimit(254)} inputMode="email" autoComplete="off" data-testid="privacy-email" />
          </Form.Item>
          <Form.Item
            name="openId"
            label={t('privacy.contact.openId')}
            rules={[{ pattern: OPEN_ID_PATTERN, message: t('privacy.contact.openIdInvalid') }]}
          >
            <Input {...inputLimit(128)} autoComplete="off" spellCheck={false} data-testid="privacy-open-id" />
          </Form.Item>
          <Flex gap={8} wrap>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void onExport()}
              loading={exportContact.isPending}
              data-testid="privacy-export"
            >
              {t('privacy.contact.export')}
            </Button>
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={() => void onErase()}
              disabled={erase.isPending}
              data-testid="privacy-erase"
            >
              {t('privacy.contact.erase')}
            </Button>
          </Flex>
        </Form>
        {exported ? (
          <div style={{ marginTop: 16 }}>
            <ExportResult file={exported.file} summary={exported.summary} />
          </div>
        ) : null}
        {erased ? (
          <div style={{ marginTop: 16 }}>
            <EraseResultView result={erased} />
          </div>
        ) : null}
        <EraseModal
          person={toErase}
          pending={erase.isPending}
          onCancel={() => setToErase(null)}
          onConfirm={confirmErase}
        />
      </Card>
    </ConfigProvider>
  );
}
