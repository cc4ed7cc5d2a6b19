import { useState } from 'preact/hooks';
import { api, ok } from '../api/client';
import { ErrorNotice, Field, useAction, submitTo } from '../components/ui';
import { t, useLanguage } from '../i18n/i18n';
import { LanguageSwitch } from '../shell';
import { session, tokensFrom, updateSession } from '../session';

export function Login() {
  useLanguage();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction(async () => {
    const pair = await ok(api.POST('/api/v1/auth/login', { body: { login: login.trim(), password } }));
    updateSession({ tokens: tokensFrom(pair) });
    const me = await ok(api.GET('/api/v1/auth/me'));
    const only = me.cooperatives.length === 1 ? me.cooperatives[0].cooperativeId : null;
    session.set({ ...session.get(), me, cooperativeId: only });
  });
  return (
    <main id="main" class="login">
      <div class="login-card">
        <h1>Ushirika</h1>
        <p>{t('login.intro')}</p>
        <form
          onSubmit={submitTo(run)}
        >
          <Field label={t('login.login')} value={login} onValue={setLogin} autoComplete="username" required inputMode="email" />
          <Field label={t('login.password')} value={password} onValue={setPassword} type="password" autoComplete="current-password" required />
          <button type="submit" disabled={busy}>
            {busy ? t('common.loading') : t('login.submit')}
          </button>
          <ErrorNotice error={error} />
        </form>
        <LanguageSwitch />
      </div>
    </main>
  );
}
