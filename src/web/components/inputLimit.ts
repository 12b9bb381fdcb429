import type { InputProps } from 'antd';

type CountConfig = NonNullable<InputProps['count']>;

/**
 * A text field's length limit that never cuts silently (the HTML `maxLength` drops what is typed or pasted past it):
 * the count appears near the limit and turns red past it, and the server's `too_long` field error says why the save
 * was refused. Use as `<Input {...inputLimit(200)} />`.
 */
export function inputLimit(max: number): { count: CountConfig } {
  return {
    count: {
      max,
      show: ({ count }) => (count >= Math.floor(max * 0.8) ? `${count} / ${max}` : null),
    },
  };
}
