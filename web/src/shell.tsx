import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { setLanguage, t, useLanguage, type MessageKey } from './i18n/i18n';
import { currentRoles, session, signOut, type ConsoleRole } from './session';
import { clearPersonalData, unsentWrites } from './offline/sign-out';
import { navigate, usePath } from './router';
import { useStore } from './store';
import { queue } from './offline/queue';
import { api } from './api/client';

interface NavItem {
  readonly path: string;
  readonly label: MessageKey;
  /** What the screen is for, in a line: the home tile says it under the name. */
  readonly hint: MessageKey;
  readonly roles: readonly ConsoleRole[];
}

/** Every screen of the console and who may open it; the API enforces the same rules again. */
export const NAV: readonly NavItem[] = [
  { path: '/gate', label: 'nav.gate', hint: 'nav.hint.gate', roles: ['admin', 'officer'] },
  { path: '/members', label: 'nav.members', hint: 'nav.hint.members', roles: ['admin', 'officer', 'auditor'] },
  { path: '/purchases/new', label: 'nav.purchase', hint: 'nav.hint.purchase', roles: ['admin', 'officer'] },
  { path: '/purchases', label: 'nav.ledger', hint: 'nav.hint.ledger', roles: ['admin', 'officer', 'auditor'] },
  { path: '/presence', label: 'nav.presence', hint: 'nav.hint.presence', roles: ['admin', 'officer', 'auditor'] },
  { path: '/incidents', label: 'nav.incidents', hint: 'nav.hint.incidents', roles: ['admin', 'officer', 'auditor'] },
  { path: '/assessment', label: 'nav.assessment', hint: 'nav.hint.assessment', roles: ['admin', 'officer', 'auditor'] },
  { path: '/savings', label: 'nav.savings', hint: 'nav.hint.savings', roles: ['admin', 'treasurer', 'auditor'] },
  { path: '/supervision', label: 'nav.supervision', hint: 'nav.hint.supervision', roles: ['supervisor'] },
  { path: '/observation', label: 'nav.observation', hint: 'nav.hint.observation', roles: ['observer'] },
  { path: '/partner', label: 'nav.partner', hint: 'nav.hint.partner', roles: ['partner'] },
  { path: '/reports', label: 'nav.reports', hint: 'nav.hint.reports', roles: ['admin', 'auditor'] },
  { path: '/admin/users', label: 'nav.users', hint: 'nav.hint.users', roles: ['admin'] },
  { path: '/admin/sites', label: 'nav.sites', hint: 'nav.hint.sites', roles: ['admin'] },
  { path: '/admin/governance', label: 'nav.governance', hint: 'nav.hint.governance', roles: ['admin'] },
  { path: '/queue', label: 'nav.queue', hint: 'nav.hint.queue', roles: ['admin', 'officer', 'treasurer'] },
];

export function allowedNav(): NavItem[] {
  const held = currentRoles();
  return NAV.filter((item) => item.roles.some((role) => held.includes(role)));
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = (): void => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export function LanguageSwitch() {
  const current = useLanguage();
  const other = current === 'fr' ? 'en' : 'fr';
  return (
    <button type="button" class="link" lang={other} onClick={() => setLanguage(other)}>
      {other === 'en' ? 'English' : 'Français'}
    </button>
  );
}

async function logOut(): Promise<void> {
  const waiting = unsentWrites();
  // Unsent writes are deleted with the rest: never sent later under the next user's token.
  if (waiting > 0 && !confirm(t('nav.logoutUnsent', { count: waiting }))) return;
  const refreshToken = session.get().tokens?.refreshToken;
  if (refreshToken && navigator.onLine) await api.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
  signOut();
  await clearPersonalData();
  navigate('/', true);
}

/**
 * The tabs scroll sideways on a phone: which side still hides tabs ('left', 'right', 'both'),
 * so that a fade and an arrow say so; the current tab is brought into view.
 */
function useScrollCue(path: string) {
  const ref = useRef<HTMLUListElement>(null);
  const [more, setMore] = useState<string | undefined>(undefined);
  useEffect(() => {
    const list = ref.current;
    if (!list) return;
    const update = (): void => {
      const left = list.scrollLeft > 4;
      const right = list.scrollLeft + list.clientWidth < list.scrollWidth - 4;
      setMore(left && right ? 'both' : left ? 'left' : right ? 'right' : undefined);
    };
    list.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    update();
    list.addEventListener('scroll', update, { passive: true });
    addEventListener('resize', update);
    return () => {
      list.removeEventListener('scroll', update);
      removeEventListener('resize', update);
    };
  }, [path]);
  return { ref, more };
}

export function Layout({ children }: { readonly children: ComponentChildren }) {
  useLanguage();
  const current = useStore(session);
  const path = usePath();
  const online = useOnline();
  const waiting = useStore(queue).filter((item) => item.state !== 'done').length;
  const cooperative = current.me?.cooperatives.find((c) => c.cooperativeId === current.cooperativeId);
  const items = allowedNav();
  const cue = useScrollCue(path);
  // The tab whose path is the longest prefix of the page's: /purchases/new is "Achat", /purchases/x the ledger.
  const currentTab = items
    .filter((item) => path === item.path || path.startsWith(`${item.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return (
    <div class="app">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header class="top">
        <a class="brand" href="/" onClick={(event) => (event.preventDefault(), navigate('/'))}>
          Ushirika
        </a>
        <span class="where">{cooperative?.name ?? current.me?.name}</span>
        <span class={online ? 'status online' : 'status offline'} role="status">
          {online ? t('status.online') : t('status.offline')}
        </span>
        {waiting > 0 && (
          <a class="badge" href="/queue" onClick={(event) => (event.preventDefault(), navigate('/queue'))}>
            {t('queue.waiting', { count: waiting })}
          </a>
        )}
      </header>
      <nav aria-label={t('nav.label')}>
        <div class="tabs" data-more={cue.more}>
        <ul ref={cue.ref}>
          {items.map((item) => (
            <li key={item.path}>
              <a
                href={item.path}
                aria-current={item.path === currentTab ? 'page' : undefined}
                onClick={(event) => (event.preventDefault(), navigate(item.path))}
              >
                {t(item.label)}
              </a>
            </li>
          ))}
          {(current.me?.cooperatives.length ?? 0) > 1 && (
            <li>
              <a href="/cooperative" onClick={(event) => (event.preventDefault(), navigate('/cooperative'))}>
                {t('nav.switchCooperative')}
              </a>
            </li>
          )}
        </ul>
        </div>
        <div class="tools">
          <LanguageSwitch />
          <button type="button" class="link" onClick={() => void logOut()}>
            {t('nav.logout')}
          </button>
        </div>
      </nav>
      <main id="main">{children}</main>
    </div>
  );
}
