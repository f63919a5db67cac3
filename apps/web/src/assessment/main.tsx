import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, claimsOf } from '../shared/api';
import { percent, shanghaiDate, shanghaiDateTime } from '../shared/format';
import { ROLE } from '../shared/labels';
import { roleOf, TokenLogin, useToken } from '../shared/token-login';
import '../shared/base.css';
import '../shared/oversight.css';

const ROLES = ['center-admin', 'efficiency-office', 'discipline', 'department-head'];

interface Rules {
  readonly fullScore: number; readonly perOverdueCase: number; readonly overdueCap: number; readonly perLateNoticeReply: number; readonly lateNoticeReplyCap: number;
  readonly satisfactionThreshold: number; readonly lowSatisfaction: number; readonly immediateShareThreshold: number; readonly lowImmediateShare: number;
  readonly fiveDayThreshold: number; readonly lowFiveDayRate: number; readonly perSubstantiatedComplaint: number; readonly complaintCap: number;
}
interface Facts {
  readonly received: number; readonly overdue: number; readonly satisfactionRate: number | null; readonly immediateShare: number | null;
  readonly withinFiveWorkingDaysRate: number | null; readonly noticesAnsweredLate: number; readonly substantiatedComplaints: number;
}
interface DepartmentAssessment {
  readonly departmentId: string; readonly name: string; readonly facts: Facts; readonly score: number; readonly fullScore: number;
  readonly deductions: readonly { rule: string; points: number; because: string }[];
}

/** Each rule in the county's words, with the figure behind it. */
function explain(rule: string, f: Facts, r: Rules): string {
  switch (rule) {
    case 'OverdueCases': return `超期办件 ${f.overdue} 件（每件扣 ${r.perOverdueCase} 分，最多扣 ${r.overdueCap} 分）`;
    case 'LateNoticeReplies': return `督办单逾期回复 ${f.noticesAnsweredLate} 件（每件扣 ${r.perLateNoticeReply} 分，最多扣 ${r.lateNoticeReplyCap} 分）`;
    case 'LowSatisfaction': return `满意率 ${percent(f.satisfactionRate)}，低于 ${percent(r.satisfactionThreshold)}`;
    case 'ImmediateShareBelowHalf': return `即办件占比 ${percent(f.immediateShare)}，低于 ${percent(r.immediateShareThreshold)}`;
    case 'FiveWorkingDayRateBelowTarget': return `普通承诺件5个工作日内办结率 ${percent(f.withinFiveWorkingDaysRate)}，低于 ${percent(r.fiveDayThreshold)}`;
    case 'SubstantiatedComplaints': return `投诉查实 ${f.substantiatedComplaints} 件（每件扣 ${r.perSubstantiatedComplaint} 分，最多扣 ${r.complaintCap} 分）`;
    default: return rule;
  }
}

function App() {
  const [token, setToken] = useToken('gov.assessment.token');
  const role = roleOf(token);
  if (!token || !role || !ROLES.includes(role)) return <TokenLogin title="年度目标考核" roles={ROLES} token={token} onToken={setToken} />;
  return <AssessmentPage token={token} role={role} onSignOut={() => setToken(null)} />;
}

function AssessmentPage({ token, role, onSignOut }: { token: string; role: string; onSignOut: () => void }) {
  const [year, setYear] = useState(() => {
    const asked = Number(new URLSearchParams(location.search).get('year'));
    return Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : Number(shanghaiDate().slice(0, 4));
  });
  const [answer, setAnswer] = useState<{ rules: Rules; departments: readonly DepartmentAssessment[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ownDepartment = role === 'department-head' ? String(claimsOf(token)?.department ?? '') : null;
  useEffect(() => {
    history.replaceState(null, '', `?year=${year}`);
    const load = ownDepartment
      ? apiGet<DepartmentAssessment & { rules: Rules }>(`/api/assessment/${year}/departments/${encodeURIComponent(ownDepartment)}`, token).then((d) => ({ rules: d.rules, departments: [d] }))
      : apiGet<{ rules: Rules; departments: DepartmentAssessment[] }>(`/api/assessment/${year}`, token);
    load.then((a) => { setAnswer(a); setError(null); }, (e: Error) => (e instanceof ApiError && e.status === 401 ? onSignOut() : setError(e.message)));
  }, [token, year]);

  return (
    <div class="oversight">
      <header>
        <h1>{year} 年度目标考核</h1>
        <div class="row"><span>{ROLE[role] ?? role}</span><button class="secondary" type="button" onClick={onSignOut}>退出</button></div>
      </header>
      <form class="row" onSubmit={(e) => e.preventDefault()}>
        <label for="year">考核年度</label>
        <input id="year" type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number((e.target as HTMLInputElement).value))} />
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {answer && (
        <section aria-labelledby="scores-title">
          <h2 id="scores-title">各部门得分（满分 {answer.rules.fullScore} 分）</h2>
          <table data-testid="scores">
            <thead><tr><th scope="col">部门</th><th scope="col" class="num">受理</th><th scope="col" class="num">得分</th><th scope="col">扣分项</th></tr></thead>
            <tbody>
              {answer.departments.map((d) => (
                <tr key={d.departmentId} data-department={d.departmentId}>
                  <th scope="row">{d.name}</th>
                  <td class="num">{d.facts.received}</td>
                  <td class="num" data-col="score">{d.score} / {d.fullScore}</td>
                  <td>
                    {d.deductions.length === 0 ? <span class="muted">无扣分</span> : (
                      <ul class="deductions">
                        {d.deductions.map((x) => (
                          <li key={x.rule} data-rule={x.rule}>扣 <strong data-col="points">{x.points}</strong> 分：{explain(x.rule, d.facts, answer.rules)}
                            <Behind rule={x.rule} departmentId={d.departmentId} year={year} token={token} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">得分由当年办件、督办和投诉记录按考核规则计算；每一项扣分均可查看所依据的记录。</p>
        </section>
      )}
    </div>
  );
}

/** The records behind a deduction: the substantiated complaints, the open overdue cases, the notices answered late. */
function Behind({ rule, departmentId, year, token }: { rule: string; departmentId: string; year: number; token: string }) {
  const [rows, setRows] = useState<readonly string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    const inYear = (instant: string | null) => instant !== null && instant.slice(0, 4) === String(year);
    const dept = encodeURIComponent(departmentId);
    const request = rule === 'SubstantiatedComplaints'
      ? apiGet<{ complaintNo: string; categoryLabel: string; concludedAt: string | null; substantiated: boolean | null }[]>(`/api/complaints?status=all&departmentId=${dept}`, token)
        .then((list) => list.filter((c) => c.substantiated && inYear(c.concludedAt)).map((c) => `${c.complaintNo} ${c.categoryLabel}（${shanghaiDateTime(c.concludedAt as string)} 办结）`))
      : rule === 'OverdueCases'
        ? apiGet<{ caseNo: string; dueAt: string }[]>(`/api/supervision/overdue?departmentId=${dept}`, token)
          .then((list) => list.map((c) => `${c.caseNo}（${shanghaiDateTime(c.dueAt)} 到期，仍在办）`))
        : rule === 'LateNoticeReplies'
          ? apiGet<{ noticeNo: string; caseNo: string; openedAt: string; lateReplies: number }[]>(`/api/supervision/notices?departmentId=${dept}`, token)
            .then((list) => list.filter((n) => n.lateReplies > 0 && inYear(n.openedAt)).map((n) => `${n.noticeNo}（办件 ${n.caseNo}，逾期回复）`))
          : Promise.resolve(['按本年度办件统计计算']);
    request.then(setRows, (e: Error) => setError(e.message));
  };
  if (error) return <span class="error">{error}</span>;
  if (!rows) return <> <button class="secondary" type="button" onClick={load}>依据</button></>;
  return <ul data-testid="behind">{rows.length === 0 ? <li class="muted">（无在办记录）</li> : rows.map((r) => <li key={r}>{r}</li>)}</ul>;
}

render(<App />, document.getElementById('app')!);
