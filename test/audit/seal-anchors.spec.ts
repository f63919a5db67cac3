import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppendOnlySealFile, readSealLines, SqliteEventStore, verifyEventLog } from '@gov/event-store';
import { auditVerify } from '../../apps/engine/src/cli/audit-record';
import { eventStoreFile } from '../../apps/engine/src/infrastructure/infrastructure.module';
import { removeDataDir, startEngine, tempDataDir } from '../support/engine';

const event = (type: string, data: object) => ({
  id: randomUUID(), type, schemaVersion: 1, data,
  metadata: { occurredAt: '2026-04-07T01:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'clerk', role: 'window-staff' } },
});

/**
 * The record anchored outside itself (issue 22, hole 7): a file rewritten whole, every hash and
 * seal recomputed, verifies on its own; against the seals published when they were made, it does not.
 */
describe('seals published outside the store', () => {
  const dir = tempDataDir();
  afterAll(() => removeDataDir(dir));

  it('catches a rewrite that recomputed every hash, and says what no published seal covers', async () => {
    const write = async (file: string, decision: string) => {
      const store = SqliteEventStore.open({ file });
      await store.append('case-A', [event('CaseReceived', { caseNo: 'A' }), event('CaseCompleted', { decision })], { expectedRevision: 'no_stream' });
      const seal = await store.sealNow();
      await store.append('case-B', [event('CaseReceived', { caseNo: 'B' })], { expectedRevision: 'no_stream' });
      await store.close();
      return seal;
    };
    const original = path.join(dir, 'original.sqlite');
    const rewritten = path.join(dir, 'rewritten.sqlite');
    const anchor = new AppendOnlySealFile(path.join(dir, 'anchor', 'seals.jsonl'));
    const seal = await write(original, '不予许可');
    await anchor.publish({ format: 'gov-seal-anchor/1', ...seal, eventStore: original, publishedAt: '2026-04-07T01:00:01.000Z' });
    // The same history with the refusal turned into an approval, written by the store itself: every hash and seal is consistent.
    await write(rewritten, '准予许可');

    const published = await anchor.published();
    expect(published.map((s) => [s.seq, s.position])).toEqual([[seal.seq, 2]]);
    expect(verifyEventLog(rewritten).intact).toBe(true);
    const checked = verifyEventLog(rewritten, { anchoredSeals: published });
    expect(checked.intact).toBe(false);
    expect(checked.findings[0]).toMatchObject({ kind: 'exported-seal', sealSeq: seal.seq });
    expect(checked.findings[0].message).toMatch(new RegExp(`^published seal #${seal.seq} \\(position 2, .*\\) differs from the file's`));
    const honest = verifyEventLog(original, { anchoredSeals: published });
    expect([honest.intact, honest.unsealedEvents]).toEqual([true, 1]);
  });

  it('skips a torn last line of the anchor file (a crash mid-write)', () => {
    const file = path.join(dir, 'torn.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ format: 'gov-seal-anchor/1', seq: 1, position: 3, hash: 'h' })}\n{"format":"gov-seal-anc`);
    expect(readSealLines(file).map((s) => s.seq)).toEqual([1]);
  });

  it('has the engine publish its seals, the last one when it stops, covering everything it wrote', async () => {
    const dataDir = tempDataDir();
    try {
      const engine = await startEngine({ dataDir });
      const receipt = await engine.request('POST', '/api/cases', {
        itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '赵六' }, materials: ['申请书'],
      });
      expect(receipt.status).toBe(201);
      const head = await engine.store.headPosition();
      await engine.close();
      const published = readSealLines(path.join(dataDir, 'audit', 'seal-anchor.jsonl'));
      expect(published.at(-1)).toMatchObject({ format: 'gov-seal-anchor/1', position: head, eventStore: path.join(dataDir, 'events.sqlite') });
      expect(verifyEventLog(eventStoreFile(dataDir), { anchoredSeals: published })).toMatchObject({ intact: true, unsealedEvents: 0 });
      // audit:verify reads the anchor file by itself and says what the published seals cover.
      const verified = await auditVerify([], { DATA_DIR: dataDir });
      expect(verified.exitCode).toBe(0);
      expect(verified.lines.at(-1)).toMatch(new RegExp(`seals? published outside the file \\(.*seal-anchor.jsonl\\) checked against it; the last, #\\d+, covers positions up to ${head}\\.$`));
    } finally {
      removeDataDir(dataDir);
    }
  });
});
