import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { columnMapping, csvRows, jsonLines, type SourceEntry } from './history-sources';

describe('reading legacy histories', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-histories-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const read = async (name: string, text: string, source: (file: string) => AsyncIterable<SourceEntry>) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const entries: SourceEntry[] = [];
    for await (const entry of source(file)) entries.push(entry);
    return entries;
  };

  it('JSON lines: one history a line, by its line number; blank lines skipped, a byte-order mark ignored, a broken line unreadable', async () => {
    const entries = await read('h.jsonl', '\uFEFF{"itemCode":"A","steps":[]}\n\n{"itemCode":\n[1]\n', jsonLines);

    expect(entries).toEqual([
      { line: 1, lastLine: 1, history: { itemCode: 'A', steps: [] } },
      { line: 3, lastLine: 3, unreadable: expect.stringContaining('not JSON') },
      { line: 4, lastLine: 4, unreadable: 'not a JSON object' },
    ]);
  });

  it('CSV: a case from its rows under one legacy_id, by the mapped headers; unknown columns ignored, empty cells absent', async () => {
    const csv = [
      '编号,action,at,item_code,channel,window_id,applicant_kind,applicant_name,materials,fees,amount_fen,method,bank_receipt_no,remarks',
      'A-1,receive,2012-04-05T09:00:00+08:00,ZRZY-001,window,w-zrzy,person,孙八,申请书; 身份证复印件,,,,,ignored',
      'A-1,assess-fee,2012-04-05T10:00:00+08:00,,,,,,,F-BDC-ZZ:8000;F-GBF:500,,,,',
      'A-1,pay-fee,2012-04-05T11:00:00+08:00,,,,,,,,8500,bank-counter,OLD-A1,',
      'A-2,assess-fee,2012-04-05T10:00:00+08:00,,,,,,,F-BDC-ZZ,,,,',
      'A-3,receive,2012-04-05T09:00:00+08:00,ZRZY-001,window,w-zrzy,person,周九,,F-X:abc,,,,',
    ].join('\r\n');

    const entries = await read('h.csv', csv, (file) => csvRows(file, columnMapping(['legacy_id=编号'])));

    expect(entries).toEqual([
      {
        line: 2, lastLine: 4, stepLines: [3, 4], history: {
          itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '孙八' },
          materials: ['申请书', '身份证复印件'], receivedAt: '2012-04-05T09:00:00+08:00',
          steps: [
            { action: 'assess-fee', at: '2012-04-05T10:00:00+08:00', fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-GBF', amountFen: 500 }] },
            { action: 'pay-fee', at: '2012-04-05T11:00:00+08:00', amountFen: 8500, method: 'bank-counter', bankReceiptNo: 'OLD-A1' },
          ],
        },
      },
      { line: 5, lastLine: 5, unreadable: 'case A-2 does not start with a receive row (action assess-fee)' },
      { line: 6, lastLine: 6, history: expect.objectContaining({ materials: [] }), stepLines: [] },
    ]);
  });

  it('refuses a --column naming no field', () => {
    expect(() => columnMapping(['legacy=编号'])).toThrow('--column legacy=编号: expected field=header');
  });
});
