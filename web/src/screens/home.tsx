import { t, useLanguage } from '../i18n/i18n';
import { navigate } from '../router';
import { session, updateSession } from '../session';
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
              <span>{cooperative.roles.map((role) => t(`role.${role}`)).join(', ')}</span>
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
  return (
    <Screen title={t('home.hello', { name: current.me?.name ?? '' })}>
      {items.length === 0 && <p>{t('home.nothing')}</p>}
      <ul class="tiles">
        {items.map((item) => (
          <li key={item.path}>
            <a class="tile" href={item.path} onClick={(event) => (event.preventDefault(), navigate(item.path))}>
              <strong>{t(item.label)}</strong>
            </a>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
