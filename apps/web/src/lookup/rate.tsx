import { useState } from 'preact/hooks';
import { apiPost } from '../shared/api';
import { RATING } from '../shared/labels';

/** The five levels of 好差评 (GB/T 39735-2020), one large button each. */
export function Rate({ token, caseNo, onRated }: { token: string; caseNo: string; onRated: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function rate(level: string) {
    setBusy(true);
    try {
      await apiPost(`/api/cases/${encodeURIComponent(caseNo)}/rate`, { level }, token);
      onRated();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <p>请为本次办事服务评价（不满意的评价会由部门在15个工作日内整改回复）：</p>
      <div class="ratings" role="group" aria-label="评价等级">
        {RATING.map(([level, label]) => <button key={level} type="button" class="big" disabled={busy} onClick={() => rate(level)}>{label}</button>)}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </div>
  );
}
