import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { CSSProperties, HTMLAttributes, ReactNode } from 'react';

type Sortable = ReturnType<typeof useSortable>;

/** Props to spread on the element that starts a drag (a handle button): pointer and keyboard (space, arrows). */
export interface DragHandleProps {
  attributes: Sortable['attributes'];
  listeners: Sortable['listeners'];
  ref: (element: HTMLElement | null) => void;
}

/** Spreadable props of a drag handle (`<Button {...handleProps(handle)} />`). */
export function handleProps(handle: DragHandleProps | undefined) {
  return handle ? { ...handle.attributes, ...handle.listeners, ref: handle.ref } : {};
}

/** A vertical list whose items are reordered by dragging a handle; `onMove(from, to)` gets the indexes on drop. */
export function SortableList({
  ids,
  onMove,
  children,
}: {
  ids: UniqueIdentifier[];
  onMove: (from: number, to: number) => void;
  children: ReactNode;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(active.id);
    const to = ids.indexOf(over.id);
    if (from >= 0 && to >= 0) onMove(from, to);
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

/** One draggable item; `children` receives the handle props and whether it is being dragged. */
export function SortableItem({
  id,
  disabled,
  children,
  as: Tag = 'div',
  style,
  ...rest
}: {
  id: UniqueIdentifier;
  disabled?: boolean;
  as?: 'div' | 'tr';
  style?: CSSProperties;
  children: (handle: DragHandleProps, dragging: boolean) => ReactNode;
} & Omit<HTMLAttributes<HTMLElement>, 'children' | 'id'>) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
    disabled,
  });
  const itemStyle: CSSProperties = {
    ...style,
    transform: CSS.Translate.toString(transform),
    transition,
    position: 'relative',
    ...(isDragging ? { zIndex: 10, opacity: 0.85 } : {}),
  };
  const handle: DragHandleProps = { attributes, listeners, ref: setActivatorNodeRef };
  return (
    <Tag ref={setNodeRef} style={itemStyle} {...rest}>
      {children(handle, isDragging)}
    </Tag>
  );
}
