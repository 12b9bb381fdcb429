import { ExportOutlined, WarningOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../app/access';
import { useAuth } from '../../app/auth';
import { API_ERROR_MESSAGE, useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { inputLimit } from '../../components/inputLimit';
import { LANGUAGES } from '../../i18n';
import {
  COMPANY_NAME_MAX,
  isHttpUrl,
  LOGO_URL_MAX,
  type OrganisationProfile,
  type OrganisationValues,
  timeZoneOptions,
  toPatch,
  toValues,
  useOrganisationProfile,
  useSaveOrganisationProfile,
} from './organisationApi';

/** Where customers sign in (public-pages/portal): opened in a new tab from the sign-in section. */
const PORTAL_PATH = '/c/';

/** The logo as the rating page will show it, once the field holds an http(s) address. */
function LogoPreview({ url, companyName }: { url: string; companyName: string }) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new address gets a new chance to load
  useEffect(() => setBroken(false), [url]);
  return (
    <Flex align="center" gap={12} wrap data-testid="organisation-logo-preview">
      <Typography.Text type="secondary">{t('organisation.logoPreview')}</Typography.Text>
      {broken ? (
        <Typography.Text type="warning" data-testid="organisation-logo-broken">
          <WarningOutlined /> {t('organisation.logoBroken')}
        </Typography.Text>
      ) : (
        <img
          src={url}
          alt={t('organisation.logoAlt', { name: companyName })}
          onError={() => setBroken(true)}
          referrerPolicy="no-referrer"
          style={{
            maxHeight: 48,
            maxWidth: 200,
            objectFit: 'contain',
            padding: 4,
            border: '1px solid #f0f0f0',
            borderRadius: 6,
            background: '#fff',
          }}
        />
      )}
      {url.startsWith('http://') ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, flexBasis: '100%' }}>
          {t('organisation.logoInsecure')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** The form once the profile is loaded: filled from it until the user edits, saving only what changed. */
function OrganisationForm({ profile, canEdit }: { profile: OrganisationProfile; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useSaveOrganisationProfile();
  const [form] = Form.useForm<OrganisationValues>();
  const values = Form.useWatch((all: OrganisationValues) => all, form) as OrganisationValues | undefined;
  const zones = useMemo(() => timeZoneOptions(profile.timeZone), [profile.timeZone]);

  // A refetch that brings a changed profile (another tab saved) refreshes the form unless the user is editing it. An
  // identical refetch (on mount, on focus, after a reconnect) leaves the form alone: the user may be typing already.
  const applied = useRef(JSON.stringify(toValues(profile)));
  useEffect(() => {
    const next = JSON.stringify(toValues(profile));
    if (next === applied.current) return;
    applied.current = next;
    if (!form.isFieldsTouched()) form.setFieldsValue(toValues(profile));
  }, [profile, form]);

  const patch = values ? toPatch(profile, values) : {};
  const dirty = Object.keys(patch).length > 0;
  const zoneChanged = Boolean(values?.timeZone) && values?.timeZone !== profile.timeZone;
  const logo = values?.logoUrl?.trim() ?? '';
  const requireSignIn = values?.requireSignInToRate ?? profile.requireSignInToRate;

  const onFinish = (submitted: OrganisationValues) => {
    const body = toPatch(profile, submitted);
    if (Object.keys(body).length === 0) return;
    save.mutate(body, {
      onSuccess: (saved) => {
        form.resetFields();
        form.setFieldsValue(toValues(saved));
        message.destroy(API_ERROR_MESSAGE);
        message.success(t(body.timeZone ? 'organisation.savedRebuilding' : 'organisation.saved'));
      },
      onError: (error) => showError(error, form),
    });
  };

  const discard = () => {
    form.resetFields();
    form.setFieldsValue(toValues(profile));
  };

  return (
    <Form<OrganisationValues>
      form={form}
      layout="vertical"
      initialValues={toValues(profile)}
      disabled={!canEdit}
      onFinish={onFinish}
      data-testid="organisation-form"
      style={{ maxWidth: 760 }}
    >
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {canEdit ? null : (
          <Alert type="info" showIcon title={t('organisation.readOnly')} data-testid="organisation-read-only" />
        )}
        <Card title={t('organisation.company')}>
          <Form.Item
            name="companyName"
            label={t('organisation.companyName')}
            extra={t('organisation.companyNameHelp')}
            rules={[
              { required: true, whitespace: true, message: t('organisation.companyNameRequired') },
              { max: COMPANY_NAME_MAX, message: t('organisation.tooLong', { max: COMPANY_NAME_MAX }) },
            ]}
          >
            <Input {...inputLimit(COMPANY_NAME_MAX)} autoComplete="organization" data-testid="organisation-name" />
          </Form.Item>
          <Form.Item
            name="logoUrl"
            label={t('organisation.logoUrl')}
            extra={t('organisation.logoUrlHelp')}
            rules={[
              { max: LOGO_URL_MAX, message: t('organisation.tooLong', { max: LOGO_URL_MAX }) },
              {
                validator: async (_, value: string | undefined) => {
                  const text = value?.trim() ?? '';
                  if (text && !isHttpUrl(text)) throw new Error(t('organisation.logoUrlInvalid'));
                },
              },
            ]}
          >
            <Input
              {...inputLimit(LOGO_URL_MAX)}
              inputMode="url"
              placeholder="https://www.example.com/logo.png"
              allowClear
              data-testid="organisation-logo"
            />
          </Form.Item>
          {logo && isHttpUrl(logo) ? (
            <div style={{ marginTop: -8, marginBottom: 24 }}>
              <LogoPreview url={logo} companyName={values?.companyName?.trim() || profile.companyName} />
            </div>
          ) : null}
          <Form.Item name="timeZone" label={t('organisation.timeZone')} extra={t('organisation.timeZoneHelp')}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={zones}
              placeholder={t('organisation.timeZoneSearch')}
              aria-label={t('organisation.timeZone')}
              data-testid="organisation-time-zone"
            />
          </Form.Item>
          {zoneChanged ? (
            <Alert
              type="warning"
              showIcon
              title={t('organisation.timeZoneWarning')}
              style={{ marginTop: -8, marginBottom: 24 }}
              data-testid="organisation-time-zone-warning"
            />
          ) : null}
          <Form.Item
            name="defaultLanguage"
            label={t('organisation.defaultLanguage')}
            extra={t('organisation.defaultLanguageHelp')}
            style={{ marginBottom: 0 }}
          >
            <Radio.Group
              optionType="button"
              aria-label={t('organisation.defaultLanguage')}
              data-testid="organisation-language"
              options={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
            />
          </Form.Item>
        </Card>
        <Card title={t('organisation.signIn')}>
          <Flex align="center" gap={12} wrap>
            <Form.Item name="requireSignInToRate" valuePropName="checked" noStyle>
              <Switch aria-labelledby="organisation-sign-in-label" data-testid="organisation-sign-in" />
            </Form.Item>
            <Typography.Text strong id="organisation-sign-in-label">
              {t('organisation.requireSignIn')}
            </Typography.Text>
            <Tag color={requireSignIn ? 'blue' : 'default'} data-testid="organisation-sign-in-state">
              {requireSignIn ? t('organisation.signInOn') : t('organisation.signInOff')}
            </Tag>
          </Flex>
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 8 }}>
            {t('organisation.signInExplain.intro')}
          </Typography.Paragraph>
          <ul style={{ marginTop: 0, paddingInlineStart: 20 }}>
            <li>{t('organisation.signInExplain.personal')}</li>
            <li>{t('organisation.signInExplain.shared')}</li>
            <li>{t('organisation.signInExplain.off')}</li>
          </ul>
          <Typography.Link
            href={PORTAL_PATH}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="organisation-portal-link"
          >
            {t('organisation.portalLink')} <ExportOutlined aria-hidden />
            <span style={visuallyHidden}>({t('organisation.newTab')})</span>
          </Typography.Link>
        </Card>
        {canEdit ? (
          <Flex gap={8} wrap align="center">
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              disabled={!dirty}
              data-testid="organisation-save"
            >
              {t('organisation.save')}
            </Button>
            <Popconfirm
              title={t('organisation.discardConfirm')}
              okText={t('organisation.discard')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={discard}
            >
              <Button disabled={!dirty || save.isPending} data-testid="organisation-discard">
                {t('organisation.discard')}
              </Button>
            </Popconfirm>
            <Typography.Text type={dirty ? 'warning' : 'secondary'} data-testid="organisation-state">
              {dirty ? t('organisation.unsaved') : t('organisation.allSaved')}
            </Typography.Text>
          </Flex>
        ) : null}
      </Space>
    </Form>
  );
}

/** Text for screen readers only (the "opens in a new tab" of the portal link). */
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/**
 * Settings → Organisation profile (`/settings/organisation`): the company name and logo customers see, the time zone
 * of every period (a change rebuilds the analytics buckets), the default customer language, and whether customers
 * must sign in to the customer portal before a rating link opens. Everyone in the area reads it; changing it needs
 * `settings.write` (PATCH /settings/organisation), others get the form read-only.
 */
export function OrganisationPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = hasPermission(session?.user.roles, 'settings.write');
  const profile = useOrganisationProfile();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="organisation-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('organisation.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0, maxWidth: 760 }}>
        {t('organisation.intro')}
      </Typography.Paragraph>
      {/* Loaded once, the form stays: a failed background refetch must not take the user's unsaved edits away. */}
      {profile.data ? (
        <OrganisationForm profile={profile.data} canEdit={canEdit} />
      ) : profile.isError ? (
        <Card>
          <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
        </Card>
      ) : (
        <Card style={{ maxWidth: 760 }}>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      )}
    </Space>
  );
}
