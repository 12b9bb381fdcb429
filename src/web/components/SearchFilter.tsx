import { Input } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';

/**
 * A list's search box: edited freely, applied on Enter or the search button (`onSearch` with the trimmed text, or
 * undefined when empty), and showing the applied value again when the URL changes (back button, pasted link).
 */
export function SearchFilter({
  value,
  onSearch,
  placeholder,
  width,
  testId,
}: {
  value: string | undefined;
  onSearch: (next: string | undefined) => void;
  placeholder: string;
  /** Pixels, or any CSS width (a share of the row on a phone). */
  width: number | string;
  testId: string;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const style: CSSProperties = { width, maxWidth: '100%' };
  return (
    <Input.Search
      allowClear
      data-testid={testId}
      style={style}
      placeholder={placeholder}
      // The placeholder vanishes once typed into; screen readers need a name that stays.
      aria-label={placeholder}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onSearch={(next) => onSearch(next.trim() || undefined)}
    />
  );
}
