import { HolderOutlined } from '@ant-design/icons';
import { arrayMove, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { type CSSProperties, createContext, type HTMLAttributes, type ReactNode, useContext, useMemo } from 'react';
import { useApiError } from '../app/useApiError';
import { SortableList } from './Sortable';

/**
 * Tables whose rows are put in order by dragging (rating rules, alert rules): antd's Table with
 * `components={{ body: { row: SortableRow } }}` inside `<SortableRows>`, a `<DragHandle>` column, and
 * `useReorder` for the optimistic `POST …/reorder`. The handle works by keyboard too (space, arrows, space).
 */

type HandleContext = Pick<ReturnType<typeof useSortable>, 'setActivatorNodeRef' | 'listeners' | 'attributes'>;
const RowHandle = createContext<HandleContext | null>(null);

export function DragHandle({ label, testId }: { label: string; testId: string }) {
  const context = useContext(RowHandle);
  return (
    <Button
      type="text"
      size="small"
      icon={<HolderOutlined />}
      style={{ cursor: 'grab', touchAction: 'none' }}
      aria-label={label}
      ref={context?.setActivatorNodeRef}
      {...context?.attributes}
      {...context?.listeners}
      data-testid={testId}
    />
  );
}

/** A table row that can be dragged by its handle (antd Table `components.body.row`). */
export function SortableRow(props: HTMLAttributes<HTMLTableRowElement> & { 'data-row-key': string }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: props['data-row-key'],
  });
  const style: CSSProperties = {
    ...props.style,
    transform: CSS.Translate.toString(transform),
    transition,
    ...(isDragging ? { position: 'relative', zIndex: 10, background: '#fafafa' } : {}),
  };
  const value = useMemo(
    () => ({ setActivatorNodeRef, listeners, attributes }),
    [setActivatorNodeRef, listeners, attributes],
  );
  return (
    <RowHandle.Provider value={value}>
      <tr {...props} ref={setNodeRef} style={style} />
    </RowHandle.Provider>
  );
}

/** The drag context of a sortable table: a drop hands the new order of `ids` to `onReorder`. */
export function SortableRows({
  ids,
  onReorder,
  children,
}: {
  ids: string[];
  onReorder: (ids: string[]) => void;
  children: ReactNode;
}) {
  return (
    <SortableList ids={ids} onMove={(from, to) => onReorder(arrayMove(ids, from, to))}>
      {children}
    </SortableList>
  );
}

/**
 * The reorder request, shown at once: the cached list (under `queryKey`) takes the new order and priorities 1..n,
 * back to the old one when the server refuses; the server's answer replaces it.
 */
export function useReorder<T extends { id: string; priority: number }>(
  queryKey: QueryKey,
  send: (ids: string[]) => Promise<{ items: T[] }>,
  successText: string,
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const onError = useApiError();
  return useMutation({
    mutationFn: send,
    onMutate: async (ids: string[]) => {
      await queryClient.cancelQueries({ queryKey, exact: true });
      const previous = queryClient.getQueryData<T[]>(queryKey);
      if (previous) {
        const byId = new Map(previous.map((rule) => [rule.id, rule]));
        queryClient.setQueryData<T[]>(
          queryKey,
          ids.flatMap((id, index) => {
            const rule = byId.get(id);
            return rule ? [{ ...rule, priority: index + 1 }] : [];
          }),
        );
      }
      return { previous };
    },
    onError: (error, _ids, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
      onError(error);
    },
    onSuccess: (page) => {
      queryClient.setQueryData(queryKey, page.items);
      message.success(successText);
    },
  });
}
