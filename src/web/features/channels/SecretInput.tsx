import { Button, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  /** undefined = keep the stored secret, string = new value, null = remove it. */
  value?: string | null;
  onChange?: (value: string | null | undefined) => void;
  /** The stored secret's mask ("••••1234"), when one is set. */
  mask?: string;
  /** A required secret cannot be removed, only replaced. */
  required?: boolean;
  placeholder?: string;
  testId: string;
}

/** A write-only secret: shows the stored mask with "replace" / "remove", or a password input for a new value. */
export function SecretInput({ value, onChange, mask, required, placeholder, testId }: Props) {
  const { t } = useTranslation();
  if (mask && value === undefined) {
    return (
      <Space wrap data-testid={`${testId}-stored`}>
        <Typography.Text code>{mask}</Typography.Text>
        <Button size="small" onClick={() => onChange?.('')} data-testid={`${testId}-replace`}>
          {t('channels.secret.replace')}
        </Button>
        {required ? null : (
          <Button size="small" danger onClick={() => onChange?.(null)} data-testid={`${testId}-remove`}>
            {t('channels.secret.remove')}
          </Button>
        )}
      </Space>
    );
  }
  if (mask && value === null) {
    return (
      <Space wrap>
        <Tag color="red">{t('channels.secret.willRemove')}</Tag>
        <Button size="small" type="link" onClick={() => onChange?.(undefined)}>
          {t('channels.secret.keep')}
        </Button>
      </Space>
    );
  }
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.Password
        value={value ?? ''}
        onChange={(event) => onChange?.(event.target.value)}
        placeholder={mask ? t('channels.secret.newValue') : placeholder}
        autoComplete="new-password"
        data-testid={testId}
      />
      {mask ? (
        <Button onClick={() => onChange?.(undefined)} data-testid={`${testId}-keep`}>
          {t('channels.secret.keep')}
        </Button>
      ) : null}
    </Space.Compact>
  );
}
