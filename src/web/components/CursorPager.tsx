import { Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Previous/next paging over the API's opaque cursors: the stack holds the cursor that loads each visited page
 * (page 0 has none), so "previous" needs no cursor from the server.
 */
export function useCursorStack() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    pageIndex: cursors.length - 1,
    /** Back to the first page (filters changed). */
    reset: () => setCursors([undefined]),
    back: () => setCursors((old) => (old.length > 1 ? old.slice(0, -1) : old)),
    forward: (next: string) => setCursors((old) => [...old, next]),
  };
}

export function CursorPager({
  pages,
  nextCursor,
  stale,
  testIdPrefix,
}: {
  pages: ReturnType<typeof useCursorStack>;
  nextCursor: string | null | undefined;
  /** True while the shown rows are the previous page's placeholder. */
  stale: boolean;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
      <Button disabled={pages.pageIndex === 0} onClick={pages.back} data-testid={`${testIdPrefix}-prev`}>
        {t('common.previous')}
      </Button>
      <Button
        disabled={!nextCursor || stale}
        onClick={() => nextCursor && pages.forward(nextCursor)}
        data-testid={`${testIdPrefix}-next`}
      >
        {t('common.next')}
      </Button>
    </Flex>
  );
}
