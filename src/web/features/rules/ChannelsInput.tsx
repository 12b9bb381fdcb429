import { CloseOutlined, HolderOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { handleProps, SortableItem, SortableList } from '../../components/Sortable';
import { RATING_CHANNELS, type RatingChannel } from './rulesApi';

/** The rule's channels in delivery order: drag to reorder, × to remove, the select adds one at the end. */
export function ChannelsInput({
  value = [],
  onChange,
  disabled,
}: {
  value?: RatingChannel[];
  onChange?: (value: RatingChannel[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const remaining = RATING_CHANNELS.filter((channel) => !value.includes(channel));
  const move = (from: number, to: number) => {
    const next = [...value];
    const [item] = next.splice(from, 1);
    if (item) next.splice(to, 0, item);
    onChange?.(next);
  };
  return (
    <div data-testid="rule-channels">
      {value.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rules.channelsEmpty')} style={{ margin: 8 }} />
      ) : (
        <SortableList ids={value} onMove={move}>
          {value.map((channel, index) => (
            <SortableItem key={channel} id={channel} disabled={disabled}>
              {(handle) => (
                <Flex
                  align="center"
                  gap={8}
                  style={{
                    padding: '4px 8px',
                    marginBottom: 6,
                    border: '1px solid #f0f0f0',
                    borderRadius: 6,
                    background: '#fff',
                  }}
                  data-testid={`rule-channel-${channel}`}
                >
                  {disabled ? null : (
                    <Button
                      type="text"
                      size="small"
                      icon={<HolderOutlined />}
                      style={{ cursor: 'grab', touchAction: 'none' }}
                      aria-label={t('rules.dragChannel')}
                      {...handleProps(handle)}
                    />
                  )}
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {index + 1}
                  </Tag>
                  <Typography.Text style={{ flex: 1 }}>{t(`rules.channels.${channel}`)}</Typography.Text>
                  {disabled ? null : (
                    <Button
                      type="text"
                      size="small"
                      icon={<CloseOutlined />}
                      aria-label={t('common.delete')}
                      onClick={() => onChange?.(value.filter((c) => c !== channel))}
                    />
                  )}
                </Flex>
              )}
            </SortableItem>
          ))}
        </SortableList>
      )}
      {disabled || remaining.length === 0 ? null : (
        <Select<RatingChannel>
          size="small"
          style={{ width: 200 }}
          placeholder={t('rules.addChannel')}
          aria-label={t('rules.addChannel')}
          value={null}
          data-testid="rule-add-channel"
          onChange={(channel) => onChange?.([...value, channel])}
          options={remaining.map((channel) => ({ value: channel, label: t(`rules.channels.${channel}`) }))}
        />
      )}
    </div>
  );
}
