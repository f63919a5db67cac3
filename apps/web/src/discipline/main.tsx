import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet } from '../shared/api';
import { shanghaiDate, shanghaiDateTime } from '../shared/format';
import { ROLE } from '../shared/labels';
import { roleOf, TokenLogin, useToken } from '../shared/token-login';
import '../shared/base.css';
import '../shared/oversight.css';

const ROLES = ['discipline', 'center-admin', 'efficiency-office'];

interface Complaint {
  readonly complaintNo: string; readonly categoryLabel: string; readonly status: string; readonly summary: string;
  readonly target: { departmentId: string; windowId: string | null; staffId: string | null; caseNo: string | null };
  readonly filedAt: string; readonly ageDays: number; readonly feedbackBy: string | null; readonly feedbackOverdue: boolean;
  readonly substantiated: boolean | null;
}
interface Summary {
  readonly open: number;
  readonly byCategory: readonly { category: string; label: string; open: number }[];
  readonly byDepartment: readonly { departmentId: string; open: number }[];
  readonly byAge: readonly { band: string; open: number }[];
}
interface Action { readonly complaintNo: string; readonly kind: string; readonly departmentId: string; readonly staffId: string | null; readonly role: string | null; readonly person: string | null; readonly concludedAt: string }
interface Rectification { readonly rectificationNo: string; readonly caseNo: string; readonly departmentId: string; readonly status: string; readonly answerBy: string; readonly unansweredOverdue: boolean }

const STATUS: Record<string, string> = {
  filed: '已登记', accepted: '已受理', declined: '不予受理', investigating: '调查中', concluded: '已办结', 'feedback-given': '已反馈',
};
const ACTION: Record<string, string> = { 'admonish-department': '诫勉（部门）', 'return-staff': '退回原单位', 'hold-accountable': '追究责任' };
const ACCOUNTABLE: Record<string, string> = { 'department-head': '部门负责人', 'head-in-charge': '分管负责人', 'directly-responsible': '直接责任人' };
const AGE: Record<string, string> = { '0-7': '7天以内', '8-21': '8至21天', '22-30': '22至30天', '31+': '31天以上' };
const FIELD: Record<string, string> = { name: '姓名', contact: '联系方式', idNumber: '证件号码', trigger: '系统触发', kind: '类型' };

function App() {
  const [token, setToken] = useToken('gov.discipline.token');
  const role = roleOf(token);
  if (!token || !role || !ROLES.includes(role)) return <TokenLogin title="纪检监察投诉窗口" roles={ROLES} token={token} onToken={setToken} />;
  return <Discipline token={token} role={role} onSignOut={() => setToken(null)} />;
}

function Discipline({ token, role, onSignOut }: { token: string; role: string; onSignOut: () => void }) {
  const today = shanghaiDate();
  const [period, setPeriod] = useState({ from: `${today.slice(0, 4)}-01-01`, to: today });
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [summary, setSummary] = useState<Summary | null>(null);
  const [open, setOpen] = useState<readonly Complaint[]>([]);
  const [all, setAll] = useState<readonly Complaint[]>([]);
  const [actions, setActions] = useState<readonly Action[]>([]);
  const [rectifications, setRectifications] = useState<readonly Rectification[]>([]);
  const [error, setError] = useState<string | null>(null);
  const failed = (e: Error) => (e instanceof ApiError && e.status === 401 ? onSignOut() : setError(e.message));

  useEffect(() => {
    apiGet<{ id: string; name: string }[]>('/api/departments', token).then((rows) => setNames(new Map(rows.map((d) => [d.id, d.name]))), failed);
    apiGet<Summary>('/api/complaints/summary', token).then(setSummary, failed);
    apiGet<Complaint[]>('/api/complaints', token).then(setOpen, failed);
    apiGet<Complaint[]>('/api/complaints?status=all', token).then(setAll, failed);
    apiGet<Rectification[]>('/api/complaints/rectifications?status=awaiting-answer', token).then(setRectifications, failed);
  }, [token]);
  useEffect(() => {
    apiGet<{ actions: Action[] }>(`/api/complaints/actions?from=${period.from}&to=${period.to}`, token).then((a) => setActions(a.actions), failed);
  }, [token, period]);
  const department = (id: string) => names.get(id) ?? id;
  const overdueFeedback = all.filter((c) => c.feedbackOverdue);

  return (
    <div class="oversight">
      <header>
        <h1>纪检监察投诉窗口</h1>
        <div class="row"><span data-testid="who">{ROLE[role] ?? role}</span><button class="secondary" type="button" onClick={onSignOut}>退出</button></div>
      </header>
      {error && <p class="error" role="alert">{error}</p>}
      {summary && (
        <section aria-labelledby="summary-title">
          <h2 id="summary-title">在办投诉 <span data-testid="open-count">{summary.open}</span> 件</h2>
          <div class="counts">
            <table data-testid="by-category"><caption class="sr-only">按投诉类别</caption>
              <thead><tr><th scope="col">投诉类别</th><th scope="col" class="num">件数</th></tr></thead>
              <tbody>{summary.byCategory.map((c) => <tr key={c.category} data-category={c.category}><th scope="row">{c.label}</th><td class="num">{c.open}</td></tr>)}</tbody>
            </table>
            <table data-testid="by-department"><caption class="sr-only">按部门</caption>
              <thead><tr><th scope="col">被投诉部门</th><th scope="col" class="num">件数</th></tr></thead>
              <tbody>{summary.byDepartment.map((d) => <tr key={d.departmentId} data-department={d.departmentId}><th scope="row">{department(d.departmentId)}</th><td class="num">{d.open}</td></tr>)}</tbody>
            </table>
            <table data-testid="by-age"><caption class="sr-only">按已受理天数</caption>
              <thead><tr><th scope="col">已过天数</th><th scope="col" class="num">件数</th></tr></thead>
              <tbody>{summary.byAge.map((a) => <tr key={a.band}><th scope="row">{AGE[a.band] ?? a.band}</th><td class="num">{a.open}</td></tr>)}</tbody>
            </table>
          </div>
        </section>
      )}
      <section aria-labelledby="files-title">
        <h2 id="files-title">在办案卷</h2>
        <ComplaintTable rows={open} department={department} token={token} mayOpenComplainant={role === 'discipline'} testId="open-files" />
      </section>
      <section aria-labelledby="feedback-title">
        <h2 id="feedback-title">逾期未反馈 <span data-testid="overdue-feedback-count">{overdueFeedback.length}</span> 件</h2>
        {overdueFeedback.length === 0 ? <p class="muted">没有逾期未反馈的投诉。</p>
          : <ComplaintTable rows={overdueFeedback} department={department} token={token} mayOpenComplainant={role === 'discipline'} testId="overdue-feedback" />}
      </section>
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">问责处理</h2>
        <form class="row" aria-label="统计期间" onSubmit={(e) => e.preventDefault()}>
          <label for="from">开始日期</label>
          <input id="from" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: (e.target as HTMLInputElement).value })} />
          <label for="to">结束日期</label>
          <input id="to" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: (e.target as HTMLInputElement).value })} />
        </form>
        {actions.length === 0 ? <p class="muted">本期没有问责处理。</p> : (
          <table data-testid="actions">
            <thead><tr><th scope="col">投诉编号</th><th scope="col">处理</th><th scope="col">对象</th><th scope="col">部门</th><th scope="col">办结时间</th></tr></thead>
            <tbody>
              {actions.map((a, i) => (
                <tr key={`${a.complaintNo}-${i}`} data-action={a.kind}>
                  <td>{a.complaintNo}</td><td>{ACTION[a.kind] ?? a.kind}</td>
                  <td>{a.kind === 'return-staff' ? `工作人员 ${a.staffId}` : a.kind === 'hold-accountable' ? `${ACCOUNTABLE[a.role ?? ''] ?? a.role} ${a.person}` : department(a.departmentId)}</td>
                  <td>{department(a.departmentId)}</td><td>{shanghaiDateTime(a.concludedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="rectifications-title">
        <h2 id="rectifications-title">差评整改（待答复）</h2>
        {rectifications.length === 0 ? <p class="muted">没有待答复的整改。</p> : (
          <table data-testid="rectifications">
            <thead><tr><th scope="col">整改编号</th><th scope="col">办件</th><th scope="col">部门</th><th scope="col">答复期限</th><th scope="col">状态</th></tr></thead>
            <tbody>
              {rectifications.map((r) => (
                <tr key={r.rectificationNo}>
                  <td>{r.rectificationNo}</td><td>{r.caseNo}</td><td>{department(r.departmentId)}</td><td>{shanghaiDateTime(r.answerBy)}</td>
                  <td>{r.unansweredOverdue ? <span class="badge red">逾期未答复</span> : <span class="badge grey">待答复</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ComplaintTable({ rows, department, token, mayOpenComplainant, testId }: {
  rows: readonly Complaint[]; department: (id: string) => string; token: string; mayOpenComplainant: boolean; testId: string;
}) {
  if (rows.length === 0) return <p class="muted">没有在办的投诉。</p>;
  return (
    <table data-testid={testId}>
      <thead>
        <tr><th scope="col">投诉编号</th><th scope="col">类别</th><th scope="col">被投诉部门</th><th scope="col">内容</th><th scope="col">状态</th>
          <th scope="col" class="num">已过天数</th><th scope="col">反馈期限</th>{mayOpenComplainant && <th scope="col">投诉人</th>}</tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.complaintNo} data-complaint={c.complaintNo}>
            <td>{c.complaintNo}</td><td>{c.categoryLabel}</td><td>{department(c.target.departmentId)}</td><td>{c.summary}</td>
            <td>{STATUS[c.status] ?? c.status}</td><td class="num">{c.ageDays}</td>
            <td>{c.feedbackBy ? shanghaiDateTime(c.feedbackBy) : '—'}{c.feedbackOverdue && <span class="badge red"> 逾期</span>}</td>
            {mayOpenComplainant && <td><Complainant complaintNo={c.complaintNo} token={token} /></td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who complained: read from the sealed record on request, by the discipline role only (the engine refuses the others). */
function Complainant({ complaintNo, token }: { complaintNo: string; token: string }) {
  const [shown, setShown] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (shown) {
    const entries = Object.entries(shown).filter(([key, value]) => key !== 'complaintNo' && key !== 'personId' && typeof value === 'string');
    return <span data-testid="complainant">{entries.map(([key, value]) => `${FIELD[key] ?? key}：${value === 'named' ? '实名' : value === 'anonymous' ? '匿名' : value}`).join('；')}</span>;
  }
  return (
    <>
      <button class="secondary" type="button" onClick={() => apiGet<Record<string, unknown>>(`/api/complaints/${complaintNo}/complainant`, token).then(setShown, (e: Error) => setError(e.message))}>查看</button>
      {error && <span class="error">{error}</span>}
    </>
  );
}

render(<App />, document.getElementById('app')!);
