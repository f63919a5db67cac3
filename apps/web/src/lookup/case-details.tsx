import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../shared/api';
import { chineseDate, yuan } from '../shared/format';
import { CASE_STATUS, CATEGORY, RATING, SUSPENSION_REASON } from '../shared/labels';
import { CaseAnswer, completion, missingMaterials } from './case';
import { decisionWords } from '../shared/decision-words';
import { Complain } from './complain';
import { DecisionDownload } from './decision-download';
import { Rate } from './rate';

/** The applicant's own case: where it stands, what they still have to do, and how to rate or complain. */
export function CaseDetails({ token, caseNo, onLeave }: { token: string; caseNo: string; onLeave: () => void }) {
  const [answer, setAnswer] = useState<CaseAnswer | null>(null);
  const [feeNames, setFeeNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    apiGet<CaseAnswer>(`/api/cases/${encodeURIComponent(caseNo)}`, token).then(setAnswer, (e: Error) => setError(e.message));
  }, [token, caseNo, version]);
  useEffect(() => {
    apiGet<{ code: string; name: string }[]>('/api/catalog/fees', token).then((rows) => setFeeNames(new Map(rows.map((f) => [f.code, f.name]))), () => undefined);
  }, [token]);

  if (error) return <main><p class="error" role="alert">{error}</p><button type="button" class="big" onClick={onLeave}>返回</button></main>;
  if (!answer) return <main><p>正在查询……</p></main>;

  const missing = missingMaterials(answer.history);
  const done = completion(answer.history);
  const open = answer.status === 'open' || answer.status === 'suspended';
  return (
    <main class="case">
      <section aria-labelledby="status-title" class="card">
        <h2 id="status-title">{answer.item.name}</h2>
        <dl class="facts">
          <div><dt>办件编号</dt><dd data-testid="case-no">{answer.caseNo}</dd></div>
          <div><dt>办理状态</dt><dd><span class={`status ${answer.overdue ? 'overdue' : answer.status}`} data-testid="status">{answer.overdue ? '已超期' : CASE_STATUS[answer.status] ?? answer.status}</span>
            {done && <span data-testid="decision"> · {decisionWords(answer.item.name, done.outcome)}</span>}</dd></div>
          <div><dt>事项类型</dt><dd>{CATEGORY[answer.item.category]}{answer.special ? ' · 特事特办' : ''}</dd></div>
          <div><dt>受理日期</dt><dd>{chineseDate(answer.acceptedDate)}</dd></div>
          {answer.step && <div><dt>当前环节</dt><dd data-testid="step">{answer.step.name}</dd></div>}
          {open && <div><dt>承诺办结日期</dt><dd data-testid="due-date">{chineseDate(answer.dueDate)}</dd></div>}
          {answer.suspension && <div><dt>暂停计时</dt><dd>{SUSPENSION_REASON[answer.suspension.reason] ?? answer.suspension.reason}期间不计入办理时限</dd></div>}
        </dl>
      </section>

      {missing.length > 0 && (
        <section aria-labelledby="missing-title" class="card attention">
          <h2 id="missing-title">需要补正的材料</h2>
          <ul data-testid="missing">{missing.map((m) => <li key={m}>{m}</li>)}</ul>
          <p>请将以上材料一次性交到受理窗口；补齐后恢复计时。</p>
        </section>
      )}

      {answer.fee && (
        <section aria-labelledby="fee-title" class={`card ${answer.feePaid ? '' : 'attention'}`}>
          <h2 id="fee-title">{answer.feePaid ? '费用（已缴清）' : '需要缴纳的费用'}</h2>
          <table>
            <tbody>
              {answer.fee.fees.map((line) => <tr key={line.feeCode}><td>{feeNames.get(line.feeCode) ?? line.feeCode}</td><td class="num">{yuan(line.amountFen)}</td></tr>)}
              <tr><th scope="row">合计</th><td class="num" data-testid="fee-total">{yuan(answer.fee.totalFen)}</td></tr>
            </tbody>
          </table>
          {!answer.feePaid && (
            <ol class="steps" aria-label="如何缴费">
              <li>持办件编号到中心大厅<strong>驻厅银行窗口</strong>缴费，或按缴费通知书银行转账。</li>
              <li>收费窗口和工作人员一律不收现金；只收目录内、标准内的费用，多收可投诉（乱收费）。</li>
              <li>保留银行回单，凭回单继续办理。</li>
            </ol>
          )}
        </section>
      )}

      {answer.status === 'completed' && <DecisionDownload token={token} caseNo={answer.caseNo} />}

      {answer.status === 'completed' && (
        <section aria-labelledby="rate-title" class="card">
          <h2 id="rate-title">评价本次服务</h2>
          {answer.rating
            ? <p data-testid="rated">您的评价：{RATING.find(([level]) => level === answer.rating)?.[1] ?? answer.rating}。谢谢！</p>
            : <Rate token={token} caseNo={answer.caseNo} onRated={() => setVersion((v) => v + 1)} />}
        </section>
      )}

      <section aria-labelledby="complain-title" class="card">
        <h2 id="complain-title">投诉</h2>
        <Complain token={token} caseNo={answer.caseNo} />
      </section>

      <button type="button" class="big secondary" onClick={onLeave}>退出查询</button>
    </main>
  );
}
