import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, setLanguage } from '../i18n';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Select<Language>
      data-testid="language-switch"
      aria-label={t('layout.language')}
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={(language) => void setLanguage(language)}
      prefix={<GlobalOutlined />}
      style={{ width: 130 }}
      options={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
    />
  );
}
