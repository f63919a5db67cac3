import * as fs from 'node:fs';
import { chineseDate, DEFAULT_DECISION_FONT, DecisionFacts, renderDecision } from './decision-document';

const facts: DecisionFacts = {
  caseNo: 'ZRZY-20260407-00001', outcome: 'refused', decision: '申请材料中的规划条件不符合控制性详细规划', applicantName: '孙八',
  itemName: '建设用地规划许可', itemCode: 'ZRZY-002', legalBasis: '《城乡规划法》第三十七条', departmentName: '县自然资源局',
  acceptedDate: '2026-04-07', completedDate: '2026-04-20', approverName: '周审批',
};

describe('the decision document', () => {
  it('is a PDF with the CJK font embedded as a subset, small enough to keep per case', async () => {
    const pdf = await renderDecision(facts);
    if (process.env.DECISION_PDF_OUT) fs.writeFileSync(process.env.DECISION_PDF_OUT, pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect(pdf.length).toBeLessThan(200_000);
    expect(pdf.toString('latin1')).toContain('/Title');
  });

  it('refuses to render without its font, saying which', async () => {
    await expect(renderDecision(facts, { ...DEFAULT_DECISION_FONT, file: '/nonexistent.ttc' })).rejects.toThrow(/fonts-noto-cjk/);
  });

  it('writes dates the Chinese way', () => {
    expect(chineseDate('2026-04-07')).toBe('2026年4月7日');
  });
});
