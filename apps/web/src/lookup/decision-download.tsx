import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../shared/api';

interface DocumentRow {
  readonly documentId: string;
  readonly material: string;
  readonly source: string;
}

/**
 * The decision document (决定书) of a completed case, for the applicant to download: fetched with
 * their token (a link could not carry it) and handed to the browser as a file. The engine makes
 * it a moment after completion, so an early visit is told to look again shortly.
 */
export function DecisionDownload({ token, caseNo }: { token: string; caseNo: string }) {
  const [decision, setDecision] = useState<DocumentRow | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiGet<DocumentRow[]>(`/api/cases/${encodeURIComponent(caseNo)}/documents`, token)
      .then((rows) => setDecision(rows.find((row) => row.source === 'decision') ?? null), () => setDecision(null));
  }, [token, caseNo]);

  async function download() {
    setError(null);
    const response = await fetch(`/api/cases/${encodeURIComponent(caseNo)}/documents/${decision!.documentId}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) {
      setError(response.status === 410 ? '该决定书已按您的申请删除个人信息，无法再下载。' : '暂时无法下载，请稍后再试或到咨询台询问。');
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `${decision!.material}-${caseNo}.pdf`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  if (decision === undefined) return null;
  return (
    <section aria-labelledby="decision-title" class="card">
      <h2 id="decision-title">电子决定书</h2>
      {decision
        ? <button type="button" class="big" data-testid="download-decision" onClick={() => void download()}>下载{decision.material}（PDF）</button>
        : <p data-testid="decision-pending">决定书正在生成，请稍后刷新查看。</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
