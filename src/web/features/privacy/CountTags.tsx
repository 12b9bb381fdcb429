import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { countRows } from './privacyApi';

/** Records changed, by kind, as tags with translated labels ("Work orders: 3"). */
export function CountTags({
  counts,
  empty,
  testId,
}: {
  counts: Record<string, number>;
  empty: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const rows = countRows(counts);
  if (rows.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {empty}
      </Typography.Text>
    );
  }
  return (
    <Flex gap={6} wrap data-testid={testId}>
      {rows.map(({ kind, count }) => (
        <Tag key={kind} data-kind={kind} style={{ marginInlineEnd: 0 }}>
          {t('privacy.countTag', { label: t(`privacy.kinds.${kind}`, { defaultValue: kind }), count })}
        </Tag>
      ))}
    </Flex>
  );
}
