import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiPost } from '../shared/api';
import '../shared/base.css';
import './lookup.css';
import { CaseDetails } from './case-details';

/** On a shared touch screen, a lookup left alone is closed. */
const IDLE_MS = 3 * 60_000;

interface Session {
  readonly token: string;
  readonly caseNo: string;
}

function Lookup() {
  const [session, setSession] = useState<Session | null>(null);
  const idle = useRef<number | null>(null);

  useEffect(() => {
    if (!session) return;
    const reset = () => {
      if (idle.current !== null) clearTimeout(idle.current);
      idle.current = window.setTimeout(() => setSession(null), IDLE_MS);
    };
    reset();
    for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, reset);
    return () => {
      if (idle.current !== null) clearTimeout(idle.current);
      for (const type of ['pointerdown', 'keydown']) window.removeEventListener(type, reset);
    };
  }, [session]);

  return (
    <div class="lookup">
      <header><h1>办件查询</h1><p>县政务服务中心</p></header>
      {session
        ? <CaseDetails token={session.token} caseNo={session.caseNo} onLeave={() => setSession(null)} />
        : <SignIn onSession={setSession} />}
    </div>
  );
}

function SignIn({ onSession }: { onSession: (session: Session) => void }) {
  const [caseNo, setCaseNo] = useState('');
  const [queryCode, setQueryCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await apiPost<{ token: string; caseNo: string }>('/api/applicant/sessions', { caseNo: caseNo.trim().toUpperCase(), queryCode: queryCode.trim() });
      onSession({ token: answer.token, caseNo: answer.caseNo });
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 401 || e.status === 404)
        ? '办件编号或查询码不正确，请核对受理回执上的编号和查询码。'
        : e instanceof ApiError && e.status === 400 ? '请填写完整的办件编号和查询码。' : '暂时无法查询，请稍后再试或到咨询台询问。');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main>
      <form class="sign-in" onSubmit={submit}>
        <p class="help">请输入受理回执上的<strong>办件编号</strong>和<strong>查询码</strong>。</p>
        <label for="case-no">办件编号</label>
        <input id="case-no" name="caseNo" autocomplete="off" autocapitalize="characters" placeholder="例如 ZRZY-20260407-00012" required
          value={caseNo} onInput={(e) => setCaseNo((e.target as HTMLInputElement).value)} aria-describedby={error ? 'sign-in-error' : undefined} />
        <label for="query-code">查询码</label>
        <input id="query-code" name="queryCode" autocomplete="off" inputMode="text" required
          value={queryCode} onInput={(e) => setQueryCode((e.target as HTMLInputElement).value)} aria-describedby={error ? 'sign-in-error' : undefined} />
        {error && <p id="sign-in-error" class="error" role="alert" data-testid="sign-in-error">{error}</p>}
        <button type="submit" class="big" disabled={busy}>{busy ? '查询中……' : '查询'}</button>
      </form>
    </main>
  );
}

render(<Lookup />, document.getElementById('app')!);
