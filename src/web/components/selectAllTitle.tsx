import type { ReactNode } from 'react';

/**
 * `rowSelection.columnTitle` for a table that scrolls sideways: antd copies each column title into a hidden
 * (`aria-hidden`) row that measures column widths, so the "select all" checkbox would also be there, focusable but
 * hidden from screen readers (axe: aria-hidden-focus). That copy is made inert; the real header checkbox is untouched.
 */
export const selectAllTitle = (checkbox: ReactNode) => <InertWhenHidden>{checkbox}</InertWhenHidden>;

// A component, not a bare <span ref>: antd clones the title into the measuring row without its ref.
function InertWhenHidden({ children }: { children: ReactNode }) {
  return (
    <span
      ref={(element) => {
        if (element?.closest('[aria-hidden="true"]')) element.inert = true;
      }}
    >
      {children}
    </span>
  );
}
