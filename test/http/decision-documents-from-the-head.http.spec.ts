import Database from 'better-sqlite3';
import * as path from 'node:path';
import type { Principal } from '../../apps/engine/src/auth/roles';
import { DecisionDocumentPolicy } from '../../apps/engine/src/documents';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

const clerk: Principal = { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' };

/**
 * A store with a history gets decision documents from the first start of an engine that makes
 * them on, not for every case completed before (those had theirs on paper: a county upgrading
 * with a year of cases would have had 300,000 PDFs made at once).
 */
describe('decision documents on a store that had cases before', () => {
  let engine: TestEngine | undefined;
  afterAll(async () => {
    await engine?.close();
    if (engine) removeDataDir(engine.dataDir);
  });

  const completedCase = async (running: TestEngine, name: string): Promise<string> => {
    const authorization = { authorization: await running.authorization(clerk) };
    const { caseNo } = (await running.request('POST', '/api/cases', {
      itemCode: 'ZRZY-002', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name }, materials: ['申请书'],
    }, authorization)).body;
    expect((await running.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予建设用地规划许可' }, authorization)).status).toBe(200);
    return caseNo;
  };
  const decisions = async (running: TestEngine, caseNo: string) => (await running.request('GET', `/api/cases/${caseNo}/documents`, undefined,
    { authorization: await running.authorization(clerk) })).body.filter((document: { source: string }) => document.source === 'decision');

  it('makes none for the cases completed before it first ran, and one for each completed after', async () => {
    const before = await startEngine({ config: { decisionDocuments: false } });
    const earlier = await completedCase(before, '赵一');
    await before.close();
    // As a store written before the engine made decision documents: the reader has no checkpoint yet.
    const readModels = new Database(path.join(before.dataDir, 'read-models.sqlite'));
    readModels.prepare("DELETE FROM checkpoints WHERE name = 'decision-documents'").run();
    readModels.close();

    engine = await startEngine({ dataDir: before.dataDir, config: { decisionDocuments: true } });
    const later = await completedCase(engine, '钱二');
    await engine.app.get(DecisionDocumentPolicy).caughtUp();
    expect(await decisions(engine, earlier)).toEqual([]);
    expect(await decisions(engine, later)).toEqual([expect.objectContaining({ material: '准予行政许可决定书', mediaType: 'application/pdf' })]);
  });
});
