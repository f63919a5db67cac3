import { useState } from 'preact/hooks';
import { claimsOf } from './api';
import { ROLE } from './labels';

/**
 * A page for signed-in roles: the bearer token pasted once, kept in this tab only
 * (sessionStorage), refused here when its role may not use the page (the engine checks again).
 */
export function useToken(key: string): [string | null, (token: string | null) => void] {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(key));
  return [token, (next) => {
    if (next) sessionStorage.setItem(key, next);
    else sessionStorage.removeItem(key);
    setToken(next);
  }];
}

export function roleOf(token: string | null): string | null {
  const role = token ? claimsOf(token)?.role : null;
  return typeof role === 'string' ? role : null;
}

export function TokenLogin({ title, roles, onToken, token }: { title: string; roles: readonly string[]; onToken: (token: string) => void; token: string | null }) {
  const [draft, setDraft] = useState('');
  const refused = token !== null && !roles.includes(roleOf(token) ?? '');
  return (
    <main class="login">
      <h1>{title} · 登录</h1>
      {refused && <p class="error" role="alert">此页面供{roles.map((r) => ROLE[r] ?? r).join('、')}使用</p>}
      <form onSubmit={(e) => { e.preventDefault(); onToken(draft.trim().replace(/^Bearer\s+/i, '')); }}>
        <label for="token">访问令牌</label>
        <p class="help">由中心签发，例如 <code>npm run token -- --role {roles[0]}</code>。令牌只保存在本浏览器标签页中。</p>
        <textarea id="token" rows={4} value={draft} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} required />
        <button type="submit">登录</button>
      </form>
    </main>
  );
}
