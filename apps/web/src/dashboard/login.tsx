import { useState } from 'preact/hooks';
import { ApiError, apiGet } from '../shared/api';
import { scopeOf } from './scope';

/** Sign in by pasting a bearer token; the engine checks it before the dashboard opens. */
export function Login({ onToken }: { onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const candidate = token.trim().replace(/^Bearer\s+/i, '');
    const scope = scopeOf(candidate);
    if ('refused' in scope) return setError(scope.refused);
    setBusy(true);
    try {
      // A call every dashboard role may make: the engine verifies the token.
      await apiGet('/api/supervision/notices?limit=1', candidate);
      onToken(candidate);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? `令牌无效或已过期（${e.message}）` : (e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <h1>监督看板 · 登录</h1>
      <form onSubmit={submit}>
        <label for="token">访问令牌</label>
        <p id="token-help" class="help">
          由中心签发，例如在服务器上运行 <code>npm run token -- --role center-admin</code>；部门负责人使用
          <code>--role department-head --department 部门代码</code>。令牌只保存在本浏览器标签页中，关闭即失效。
        </p>
        <textarea id="token" rows={4} aria-describedby="token-help" value={token} onInput={(e) => setToken((e.target as HTMLTextAreaElement).value)} required />
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>登录</button>
      </form>
    </main>
  );
}
