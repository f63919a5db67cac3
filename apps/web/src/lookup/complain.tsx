import { useState } from 'preact/hooks';
import { apiPost } from '../shared/api';
import { chineseDate, shanghaiDate } from '../shared/format';
import { COMPLAINT_CATEGORY } from '../shared/labels';

/** Files a complaint about this case with the discipline window (纪检监察). */
export function Complain({ token, caseNo }: { token: string; caseNo: string }) {
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState(COMPLAINT_CATEGORY[0][0]);
  const [summary, setSummary] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [filed, setFiled] = useState<{ complaintNo: string; feedbackBy: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (filed) {
    return <p data-testid="complaint-filed">投诉已登记，编号 <strong>{filed.complaintNo}</strong>。
      {filed.feedbackBy && <> 纪检监察窗口将在 {chineseDate(shanghaiDate(new Date(filed.feedbackBy)))} 前答复您。</>}</p>;
  }
  if (!open) {
    return (
      <div>
        <p>对办理时限、收费、服务态度等不满意，可向纪检监察窗口投诉；也可拨打监督电话或到大厅纪检监察窗口当面投诉。</p>
        <button type="button" class="big secondary" onClick={() => setOpen(true)}>我要投诉</button>
      </div>
    );
  }

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      const complainant = anonymous ? { kind: 'anonymous', contact } : { kind: 'named', name, contact };
      setFiled(await apiPost('/api/complaints', { category, channel: 'online', complainant, target: { caseNo }, summary, evidence: [] }, token));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <form class="complain" onSubmit={submit}>
      <label for="category">投诉类别</label>
      <select id="category" value={category} onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}>
        {COMPLAINT_CATEGORY.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
      </select>
      <label for="summary">投诉内容</label>
      <textarea id="summary" rows={4} required maxLength={4000} value={summary} onInput={(e) => setSummary((e.target as HTMLTextAreaElement).value)} />
      <label class="check"><input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous((e.target as HTMLInputElement).checked)} /> 匿名投诉</label>
      {!anonymous && (<>
        <label for="complainant-name">姓名</label>
        <input id="complainant-name" required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </>)}
      <label for="contact">联系方式（用于答复，必填）</label>
      <input id="contact" required value={contact} onInput={(e) => setContact((e.target as HTMLInputElement).value)} />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="big">提交投诉</button>
    </form>
  );
}
