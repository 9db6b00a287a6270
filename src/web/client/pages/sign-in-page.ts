import { ApiError } from '../api.ts';
import { h, messageBox, replaceContent } from '../dom.ts';
import { go, type PageContext, pageHeading } from '../page-context.ts';
import { clearSession, ROLE_LABEL, type Role, saveSession } from '../session.ts';

/** Where each role starts after signing in. */
export function homeFor(role: Role): string {
  if (role === 'confidentiality_officer') return 'confidentiality';
  if (role === 'analyst') return 'questions';
  return 'submit';
}

/** Staff sign in by pasting the token an administrator made for them; the server says who it belongs to. */
export async function renderSignInPage(ctx: PageContext): Promise<void> {
  const input = h('input', {
    id: 'staff-token',
    type: 'password',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'staff-token-hint',
  });
  const message = h('div', { tabindex: -1 });
  const next = ctx.params.get('next');
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const token = input.value.trim();
        // Ask who the token belongs to with that token alone, not a session left in the tab.
        clearSession();
        try {
          const response = await fetch('/api/v1/me', {
            headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          });
          if (!response.ok) {
            const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
            throw new ApiError(
              response.status,
              'unauthenticated',
              body?.error?.message ?? 'That token was not accepted.',
            );
          }
          const me = (await response.json()) as { role: Role; name: string };
          saveSession({ token, role: me.role, name: me.name });
          ctx.refreshShell();
          go(next && /^[a-z]/.test(next) ? next : homeFor(me.role));
        } catch (error) {
          ctx.refreshShell();
          replaceContent(
            message,
            messageBox(
              'error',
              error instanceof ApiError ? error.message : 'The server could not be reached.',
            ),
          );
          message.focus();
        }
      },
    },
    message,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'staff-token' }, 'Staff token'),
      h(
        'p',
        { class: 'hint', id: 'staff-token-hint' },
        'Paste the token you were given (it begins with dkt_). It is kept in this browser tab only and forgotten when you close it.',
      ),
      input,
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  replaceContent(
    ctx.main,
    pageHeading('Staff sign-in'),
    h(
      'p',
      null,
      'Analysts read the answers question by question; confidentiality officers also review business confidential material and the audit log. Commenters do not need to sign in.',
    ),
    ctx.session
      ? messageBox(
          'info',
          `You are signed in as ${ctx.session.name} (${ROLE_LABEL[ctx.session.role]}). Signing in again replaces that.`,
        )
      : null,
    form,
    h(
      'p',
      { class: 'hint' },
      'No token? An administrator makes one with ',
      h('code', null, 'npm run cli -- token create --role analyst --name "Your name"'),
      ' (or --role confidentiality_officer).',
    ),
  );
}
