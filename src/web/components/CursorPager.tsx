import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A position in a list paged with the API's opaque cursors: the stack holds the cursor that loads each visited page
 * (page 0 has none), so "previous" needs no cursor from the server. A list page keeps it in the URL
 * (`useListState`); `useCursorStack` keeps it in memory for a list inside a drawer or modal.
 */
export interface CursorPages {
  /** The cursor loading the page shown (undefined on the first page). */
  cursor: string | undefined;
  pageIndex: number;
  /** Back to the first page (filters changed). */
  reset(): void;
  back(): void;
  forward(next: string): void;
}

export function useCursorStack(): CursorPages {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    pageIndex: cursors.length - 1,
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
  total,
  pageSize,
}: {
  pages: CursorPages;
  nextCursor: string | null | undefined;
  /** True while the shown rows are the previous page's placeholder. */
  stale: boolean;
  testIdPrefix: string;
  /** Every match, for lists whose API counts them. */
  total?: number;
  pageSize?: number;
}) {
  const { t } = useTranslation();
  return (
    <Flex
      justify="flex-end"
      align="center"
      wrap
      gap={8}
      style={{ marginTop: 16 }}
      data-testid={`${testIdPrefix}-pager`}
    >
      {total !== undefined ? (
        <Typography.Text type="secondary" data-testid={`${testIdPrefix}-total`}>
          {t('common.total', { count: total })}
        </Typography.Text>
      ) : null}
      <Typography.Text type="secondary" data-testid={`${testIdPrefix}-page`}>
        {total !== undefined && pageSize
          ? t('list.pageOf', { page: pages.pageIndex + 1, pages: Math.max(1, Math.ceil(total / pageSize)) })
          : t('list.page', { page: pages.pageIndex + 1 })}
      </Typography.Text>
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
