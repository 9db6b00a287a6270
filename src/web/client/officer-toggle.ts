import { h } from './dom.ts';
import type { PageContext } from './page-context.ts';

/** Whether an officer asked to see BC and withheld text on this page (never for anyone else). */
export function includesConfidential(ctx: PageContext): boolean {
  return ctx.session?.role === 'confidentiality_officer' && ctx.params.get('include_confidential') === 'true';
}

/** The officer's checkbox, with the consequence said beside it. Null for every other role. */
export function confidentialToggle(ctx: PageContext): HTMLElement | null {
  if (ctx.session?.role !== 'confidentiality_officer') return null;
  return h(
    'div',
    { class: 'field checkbox' },
    h('input', {
      type: 'checkbox',
      id: 'include_confidential',
      name: 'include_confidential',
      value: 'true',
      checked: includesConfidential(ctx),
    }),
    h(
      'label',
      { for: 'include_confidential' },
      'Include business confidential and withheld text (each such read is recorded in the audit log)',
    ),
  );
}
