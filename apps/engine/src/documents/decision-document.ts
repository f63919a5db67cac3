import * as fs from 'node:fs';
import type { Font } from 'fontkit';
import type PDFDocument from 'pdfkit';

/*
 * pdfkit and fontkit load with the first document, on the renderer's thread (decision-renderer.ts):
 * loaded with this module, they were ~0.15 s of every engine start on its main thread.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfkit = (): typeof PDFDocument => require('pdfkit') as typeof PDFDocument;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = (): typeof import('fontkit') => require('fontkit') as typeof import('fontkit');

/** Debian's fonts-noto-cjk: Noto Sans CJK SC inside the collection (SIL Open Font License). DECISION_FONT_FILE and _FAMILY replace it. */
export interface DecisionFont {
  readonly file: string;
  /** The face inside a collection (.ttc); none for a single font file. */
  readonly family?: string;
}
export const DEFAULT_DECISION_FONT: DecisionFont = { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };

/** What the decision document (决定书) states: nothing the case's record does not hold. */
export interface DecisionFacts {
  readonly caseNo: string;
  readonly outcome: 'approved' | 'refused';
  readonly decision: string;
  readonly applicantName: string;
  readonly itemName: string;
  readonly itemCode: string;
  readonly legalBasis: string;
  readonly departmentName: string;
  readonly acceptedDate: string;
  readonly completedDate: string;
  /** The approver's name (the roster's), or their id when they are not on it. */
  readonly approverName: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 72;
const SEAL_RED = '#c8102e';

export function decisionTitle(outcome: DecisionFacts['outcome']): string {
  return outcome === 'approved' ? '准予行政许可决定书' : '不予行政许可决定书';
}

/**
 * The decision of a completed case as a PDF (PDFKit, the CJK font embedded as a subset): the
 * title, the number, the applicant, the item and its legal basis, the decision, the approver,
 * the department and the date, and where the electronic seal goes (a placeholder: the seal
 * itself is applied by the county's e-seal service, not by the engine). A refusal states the
 * applicant's remedies (行政许可法 §38).
 */
export function renderDecision(facts: DecisionFacts, font: DecisionFont = DEFAULT_DECISION_FONT): Promise<Buffer> {
  if (!fs.existsSync(font.file)) return Promise.reject(new Error(`the decision document's font ${font.file} is missing (install fonts-noto-cjk or set DECISION_FONT_FILE)`));
  return new Promise((resolve, reject) => {
    const Document = pdfkit();
    const doc = new Document({ size: 'A4', margin: MARGIN, info: { Title: `${decisionTitle(facts.outcome)} ${facts.caseNo}`, Author: facts.departmentName } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', parsedFont(font) as unknown as string);
    write(doc.font('cjk'), facts);
    doc.end();
  });
}

/**
 * The font parsed once per thread and file: each document embeds its own subset of it, but
 * reading and parsing the 19 MB collection again for each made a document take ~110 ms, not ~35.
 */
const parsedFonts = new Map<string, Font>();

function parsedFont(font: DecisionFont): Font {
  const key = `${font.file}#${font.family ?? ''}`;
  let parsed = parsedFonts.get(key);
  if (!parsed) parsedFonts.set(key, (parsed = fontkit().create(fs.readFileSync(font.file), font.family)));
  return parsed;
}

function write(doc: PDFKit.PDFDocument, facts: DecisionFacts): void {
  const width = A4.width - 2 * MARGIN;
  const year = facts.completedDate.slice(0, 4);
  doc.fontSize(22).text(decisionTitle(facts.outcome), { align: 'center', width });
  doc.moveDown(0.5).fontSize(12).text(`${facts.departmentName}〔${year}〕${facts.caseNo}号`, { align: 'center', width });
  doc.moveDown(1.5).fontSize(13);
  const line = (label: string, value: string) => doc.text(`${label}：${value}`, { width, lineGap: 6 });
  line('申请人', facts.applicantName);
  line('申请事项', `${facts.itemName}（${facts.itemCode}）`);
  line('受理日期', chineseDate(facts.acceptedDate));
  line('法律依据', facts.legalBasis);
  doc.moveDown(0.8);
  doc.text(`经审查，${facts.outcome === 'approved' ? '你（单位）的申请符合法定条件、标准，决定准予行政许可。' : '你（单位）的申请不符合法定条件、标准，决定不予行政许可。'}`, { width, lineGap: 6 });
  line('决定内容', facts.decision);
  if (facts.outcome === 'refused') {
    doc.text('如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。', { width, lineGap: 6 });
  }
  doc.moveDown(0.8);
  line('审批人', facts.approverName);
  sealAndDate(doc, facts);
}

/** The department's name and the date at the bottom right, over the seal's placeholder: a red ring where the e-seal is applied. */
function sealAndDate(doc: PDFKit.PDFDocument, facts: DecisionFacts): void {
  const centerX = A4.width - MARGIN - 80;
  const centerY = A4.height - MARGIN - 140;
  doc.save().lineWidth(2).strokeColor(SEAL_RED).circle(centerX, centerY, 52).stroke().restore();
  doc.fillColor(SEAL_RED).fontSize(9).text('（电子印章位置）', centerX - 45, centerY - 5, { width: 90, align: 'center' }).fillColor('black');
  doc.fontSize(13).text(facts.departmentName, centerX - 120, centerY + 62, { width: 200, align: 'center' });
  doc.text(chineseDate(facts.completedDate), centerX - 120, centerY + 84, { width: 200, align: 'center' });
}

/** 2026-04-07 → 2026年4月7日. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}
