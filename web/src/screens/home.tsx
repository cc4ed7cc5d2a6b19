import { t, useLanguage } from '../i18n/i18n';
import { navigate } from '../router';
import { currentRoles, session, updateSession } from '../session';
import { label } from '../i18n/labels';
import { queue } from '../offline/queue';
import { useStore } from '../store';
import { allowedNav } from '../shell';
import { Screen } from '../components/ui';

export function ChooseCooperative() {
  useLanguage();
  const current = useStore(session);
  return (
    <Screen title={t('cooperative.choose')}>
      <ul class="tiles">
        {(current.me?.cooperatives ?? []).map((cooperative) => (
          <li key={cooperative.cooperativeId}>
            <button
              type="button"
              class="tile"
              onClick={() => {
                updateSession({ cooperativeId: cooperative.cooperativeId });
                navigate('/');
              }}
            >
              <strong>{cooperative.name}</strong>
              <span>{cooperative.roles.map((role) => label('role', role)).join(', ')}</span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

export function Home() {
  useLanguage();
  const current = useStore(session);
  const items = allowedNav();
  const waiting = useStore(queue).filter((item) => item.state !== 'done').length;
  return (
    <Screen title={t('home.hello', { name: current.me?.name ?? '' })}>
      <p data-testid="roles">{t('home.roles', { roles: currentRoles().map((role) => label('role', role)).join(', ') })}</p>
      {items.length === 0 && <p>{t('home.nothing')}</p>}
      <ul class="tiles">
        {items.map((item) => (
          <li key={item.path}>
            <a class="tile" href={item.path} onClick={(event) => (event.preventDefault(), navigate(item.path))}>
              <strong>{t(item.label)}</strong>
              <span>{item.path === '/queue' && waiting > 0 ? t('queue.waiting', { count: waiting }) : t(item.hint)}</span>
            </a>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
