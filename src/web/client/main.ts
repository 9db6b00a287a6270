import './styles.css';
import { ApiError, apiJson } from './api.ts';
import type { Docket } from './api-types.ts';
import { h, messageBox, replaceContent } from './dom.ts';
import { type PageContext, pageHeading, routeHref } from './page-context.ts';
import { renderAnswersPage } from './pages/answers-page.ts';
import { renderConfidentialityPage } from './pages/confidentiality-page.ts';
import { renderCoveragePage } from './pages/coverage-page.ts';
import { renderQuestionsPage } from './pages/questions-page.ts';
import { renderReceiptPage } from './pages/receipt-page.ts';
import { renderSearchPage } from './pages/search-page.ts';
import { renderSignInPage } from './pages/sign-in-page.ts';
import { renderSubmissionPage } from './pages/submission-page.ts';
import { renderSubmitPage } from './pages/submit-page.ts';
import { canAudit, canReadAnswers, clearSession, ROLE_LABEL, type Role, readSession } from './session.ts';

interface Route {
  title: string;
  render: (ctx: PageContext) => Promise<void>;
  /** Who may open it; absent means anyone. */
  allowed?: (role: Role | undefined) => boolean;
}

const ROUTES: Record<string, Route> = {
  submit: { title: 'Submit a response', render: renderSubmitPage },
  receipt: { title: 'Your submission', render: renderReceiptPage },
  'sign-in': { title: 'Staff sign-in', render: renderSignInPage },
  questions: {
    title: 'Questions',
    render: (ctx) => (ctx.segments[0] ? renderAnswersPage(ctx) : renderQuestionsPage(ctx)),
    allowed: canReadAnswers,
  },
  search: { title: 'Search', render: renderSearchPage, allowed: canReadAnswers },
  coverage: { title: 'Coverage', render: renderCoveragePage, allowed: canReadAnswers },
  submissions: { title: 'Submission', render: renderSubmissionPage, allowed: canReadAnswers },
  confidentiality: { title: 'Confidentiality', render: renderConfidentialityPage, allowed: canAudit },
};

/** The header's links: a page appears only for the roles that may use it. */
const NAV: { path: string; label: string }[] = [
  { path: 'submit', label: 'Submit a response' },
  { path: 'questions', label: 'Questions' },
  { path: 'search', label: 'Search' },
  { path: 'coverage', label: 'Coverage' },
  { path: 'confidentiality', label: 'Confidentiality' },
];

const DOCKET_ID =
  document.querySelector('meta[name="docket-id"]')?.getAttribute('content') ?? 'ITA-ITA-2025-0070';

const header = document.getElementById('site-header') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;
let docket: Docket | null = null;
let current: AbortController | null = null;
let firstRender = true;

function parseHash(): { name: string; segments: string[]; params: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2) as [string?, string?];
  const [name = '', ...segments] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: name || 'submit', segments, params: new URLSearchParams(query) };
}

function renderShell(): void {
  const session = readSession();
  const { name: active } = parseHash();
  const links = NAV.filter(({ path }) => ROUTES[path]?.allowed?.(session?.role) ?? true);
  replaceContent(
    header,
    h(
      'div',
      { class: 'brand' },
      h('a', { href: routeHref('submit'), class: 'brand-name' }, 'Docket'),
      h('span', { class: 'brand-docket' }, docket ? `${docket.id} · ${docket.title}` : DOCKET_ID),
    ),
    h(
      'nav',
      { 'aria-label': 'Main', class: 'site-nav' },
      h(
        'ul',
        null,
        links.map(({ path, label }) =>
          h(
            'li',
            null,
            h('a', { href: routeHref(path), 'aria-current': path === active ? 'page' : null }, label),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'who-am-i' },
      session
        ? [
            h(
              'span',
              { id: 'signed-in-as' },
              'Signed in as ',
              h('strong', null, session.name),
              ` (${ROLE_LABEL[session.role]})`,
            ),
            ' ',
            h(
              'button',
              {
                type: 'button',
                class: 'link-button',
                onclick: () => {
                  clearSession();
                  renderShell();
                  location.hash = routeHref('sign-in');
                },
              },
              'Sign out',
            ),
          ]
        : h(
            'a',
            { href: routeHref('sign-in'), 'aria-current': active === 'sign-in' ? 'page' : null },
            'Staff sign-in',
          ),
    ),
  );
}

async function renderRoute(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  renderShell();
  const { name, segments, params } = parseHash();
  const route = ROUTES[name];
  const session = readSession();
  document.title = `${route?.title ?? 'Not found'} · Docket`;
  main.setAttribute('aria-busy', 'true');
  try {
    if (!docket) docket = await apiJson<Docket>(`/api/v1/dockets/${encodeURIComponent(DOCKET_ID)}`);
    renderShell();
    if (!route) {
      replaceContent(
        main,
        pageHeading('Page not found'),
        h('p', null, h('a', { href: routeHref('submit') }, 'Go to the submit page.')),
      );
    } else if (route.allowed && !route.allowed(session?.role)) {
      replaceContent(
        main,
        pageHeading(route.title),
        messageBox(
          'info',
          session
            ? `Your role (${ROLE_LABEL[session.role]}) cannot use this page.`
            : 'This page is for docket staff. Sign in with your staff token to use it.',
        ),
        session
          ? null
          : h(
              'p',
              null,
              h('a', { href: routeHref('sign-in', { next: location.hash.replace(/^#\//, '') }) }, 'Sign in'),
            ),
      );
    } else {
      await route.render({
        main,
        segments,
        params,
        session,
        docket,
        signal: controller.signal,
        refreshShell: renderShell,
      });
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    if (!(error instanceof ApiError)) console.error(error);
    if (error instanceof ApiError && error.status === 401 && session) {
      // The token was revoked or mistyped: forget it rather than fail on every page.
      clearSession();
      renderShell();
    }
    replaceContent(
      main,
      pageHeading(route?.title ?? 'Error'),
      messageBox(
        'error',
        error instanceof ApiError
          ? error.message
          : 'Something went wrong loading this page. Reload to try again.',
      ),
      error instanceof ApiError && error.status === 401
        ? h('p', null, h('a', { href: routeHref('sign-in') }, 'Sign in again'))
        : null,
    );
  } finally {
    if (!controller.signal.aborted) main.setAttribute('aria-busy', 'false');
  }
  if (controller.signal.aborted) return;
  // After a link is followed, focus moves to the new page's heading so keyboard and screen-reader users start there.
  if (!firstRender) main.querySelector<HTMLElement>('h1')?.focus();
  firstRender = false;
  main.dataset.ready = location.hash;
}

document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  (main.querySelector<HTMLElement>('h1') ?? main).focus();
});
window.addEventListener('hashchange', () => void renderRoute());
void renderRoute();
