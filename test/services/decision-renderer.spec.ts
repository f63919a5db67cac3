import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import type { DecisionRenderer as Renderer } from '../../apps/engine/src/documents/decision-renderer';
import { DEFAULT_DECISION_FONT } from '../../apps/engine/src/documents/decision-document';

/**
 * The built engine renders decision documents on a thread of its own (a worker thread loads
 * built JavaScript only, so this spec takes the renderer from dist/, which `npm test` builds
 * first): the document comes back whole, the thread is not the test's, and a failure (a font
 * that is not there) is told, never hung on.
 */
const BUILT = path.resolve(__dirname, '../../dist/apps/engine/src/documents/decision-renderer.js');
const facts = {
  caseNo: 'ZRZY-20261207-00001', outcome: 'approved' as const, decision: '准予办理不动产转移登记，核发不动产权证书', applicantName: '欧阳明华',
  itemName: '不动产转移登记', itemCode: 'ZRZY-001', legalBasis: '《不动产登记暂行条例》第二十条', departmentName: '县自然资源局',
  acceptedDate: '2026-12-07', completedDate: '2026-12-08', approverName: '王建国',
};

describe('the decision documents\' thread (built engine)', () => {
  const { DecisionRenderer } = require(BUILT) as { DecisionRenderer: typeof Renderer };
  const renderers: Renderer[] = [];
  afterAll(() => Promise.all(renderers.map((renderer) => renderer.close())));

  it('renders on a worker thread, several in a row, each a whole PDF', async () => {
    expect(fs.existsSync(BUILT)).toBe(true);
    const renderer = new DecisionRenderer(DEFAULT_DECISION_FONT);
    renderers.push(renderer);
    const pdfs = await Promise.all([facts, { ...facts, outcome: 'refused' as const }, facts].map((each) => renderer.render(each)));
    expect(isMainThread).toBe(true);
    expect(renderer.threadId).toBeGreaterThan(0);
    for (const pdf of pdfs) expect([pdf.subarray(0, 5).toString('latin1'), pdf.subarray(-6).toString('latin1').trim()]).toEqual(['%PDF-', '%%EOF']);
    expect(pdfs[0].length).toBe(pdfs[2].length);
  });

  it('tells a failure on the thread (a missing font) to the caller', async () => {
    const renderer = new DecisionRenderer({ file: '/nowhere/font.ttc' });
    renderers.push(renderer);
    await expect(renderer.render(facts)).rejects.toThrow(/font \/nowhere\/font.ttc is missing/);
  });
});
