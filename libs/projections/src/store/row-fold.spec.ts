import { carriedRows, EACH_BATCH, type FoldedRows, RowFold } from './row-fold';

/** The folded rows by key, each as what writing it does. */
function written({ shapes, rows }: FoldedRows) {
  const named = (shape: number, values: readonly unknown[] | null) =>
    values && Object.fromEntries(shapes[shape].map((column, i) => [column, values[i]]));
  return Object.fromEntries(rows.map(([key, remove, insertShape, insert, setShape, set]) =>
    [key, { remove, insert: named(insertShape, insert), set: named(setShape, set) }]));
}

const received = (caseNo: string) => ({ case_no: caseNo, department_id: 'd1', window_id: 'w1', due_date: '2026-03-02', due_at: 'T',
  accepted_date: '2026-02-20', notice_by: 'N' });

describe('a fold of rows', () => {
  it('given a row inserted and updated in the batch, when taken, then it is one insert with the last values', () => {
    const fold = new RowFold<'deadlines'>();
    fold.insert('A', received('A'));
    fold.update('A', { suspended: 1 });
    fold.update('A', { suspended: 0, due_at: 'T2' });
    fold.update('B', { deemed: 1 });

    expect(written(fold.take())).toEqual({
      A: { remove: false, insert: { ...received('A'), suspended: 0, due_at: 'T2' }, set: null },
      B: { remove: false, insert: null, set: { deemed: 1 } },
    });
    expect(fold.size).toBe(0);
  });

  it('given a row inserted and deleted in the batch, then nothing reaches the table, and updates after are ignored until it is inserted again', () => {
    const fold = new RowFold<'deadlines'>();
    fold.insert('A', received('A'));
    fold.delete('A');
    fold.update('A', { deemed: 1 });
    expect(fold.inserted('A')).toBeUndefined();
    expect(written(fold.take())).toEqual({});

    fold.insert('B', received('B'));
    fold.delete('B');
    fold.update('B', { deemed: 1 });
    fold.insert('B', { ...received('B'), due_at: 'T2' });
    fold.update('B', { suspended: 1 });
    expect(written(fold.take())).toEqual({ B: { remove: false, insert: { ...received('B'), due_at: 'T2', suspended: 1 }, set: null } });
  });

  it('given a row from before the batch deleted, then it is deleted, updates after ignored, and inserted again if the batch says so', () => {
    const fold = new RowFold<'deadlines'>();
    fold.update('A', { deemed: 1 });
    fold.delete('A');
    fold.update('A', { suspended: 1 });
    fold.delete('B');
    fold.insert('B', received('B'));

    expect(written(fold.take())).toEqual({
      A: { remove: true, insert: null, set: null },
      B: { remove: true, insert: received('B'), set: null },
    });
  });

  it('tells what it inserts while it holds the row: a later event may read it', () => {
    const fold = new RowFold<'deadlines'>();
    fold.insert('A', received('A'));
    fold.update('A', { warned_for: 'T' });
    fold.update('B', { deemed: 1 });

    expect(fold.inserted('A')).toEqual({ ...received('A'), warned_for: 'T' });
    expect(fold.inserted('B')).toBeUndefined();
    fold.take();
    expect(fold.inserted('A')).toBeUndefined();
  });

  it('given `keep`, when taken, then it gives out the rows it met first and holds the rest, which it keeps folding', () => {
    const fold = new RowFold<'deadlines'>();
    for (const key of ['A', 'B', 'C']) fold.insert(key, received(key));
    fold.update('A', { deemed: 1 });

    expect(Object.keys(written(fold.take(2)))).toEqual(['A']);
    fold.update('B', { suspended: 1 });
    fold.update('A', { suspended: 1 });
    fold.insert('D', received('D'));

    // A was given out: its change now is an update of the row written.
    expect(written(fold.take(1))).toEqual({
      B: { remove: false, insert: { ...received('B'), suspended: 1 }, set: null },
      C: { remove: false, insert: received('C'), set: null },
      A: { remove: false, insert: null, set: { suspended: 1 } },
    });
    expect(Object.keys(written(fold.take()))).toEqual(['D']);
  });
});

describe('a fold kept from page to page', () => {
  it('holds `initial` rows back, then half as many again after a page that gave out rows written before, up to `most`', () => {
    const fold = new RowFold<'deadlines'>({ initial: 2, most: 4 });
    const given = (rows: FoldedRows) => Object.keys(written(rows));
    for (const key of ['A', 'B', 'C']) fold.insert(key, received(key));
    expect(given(fold.takePage(false))).toEqual(['A']);

    // A came back after it was given out: an update of a row written; the fold now holds 3.
    fold.update('A', { suspended: 1 });
    for (const key of ['D', 'E']) fold.insert(key, received(key));
    expect(given(fold.takePage(false))).toEqual(['B', 'C', 'A']);
    for (const key of ['F', 'G']) fold.insert(key, received(key));
    expect(given(fold.takePage(false))).toEqual(['D']);

    // Again: 3 × 1.5 is 5, capped at 4.
    fold.delete('A');
    for (const key of ['H', 'I', 'J', 'K', 'L']) fold.insert(key, received(key));
    expect(given(fold.takePage(false))).toEqual(['E', 'F', 'G', 'A', 'H', 'I']);
    for (const key of ['M', 'N']) fold.insert(key, received(key));
    expect(given(fold.takePage(false))).toEqual(['J']);
    // The range's ending page: everything.
    expect(given(fold.takePage(true))).toEqual(['K', 'L', 'M', 'N']);
    expect(fold.size).toBe(0);
  });

  it('holds more only when more than 2 % of the rows a page gives out were written before', () => {
    const fold = new RowFold<'deadlines'>({ initial: 10, most: 100 });
    const page = (fresh: number, writtenBefore: number, from: number) => {
      for (let i = 0; i < writtenBefore; i += 1) fold.update(`old-${from + i}`, { deemed: 1 });
      for (let i = 0; i < fresh; i += 1) fold.insert(`new-${from + i}`, received(`new-${from + i}`));
      return fold.takePage(false).rows.length;
    };
    expect(page(10, 0, 0)).toBe(0);
    // 1 of 50 given out (2 %): it holds 10 still.
    expect(page(49, 1, 100)).toBe(50);
    expect(page(50, 0, 200)).toBe(50);
    // 2 of 50 (4 %): 15 from then on.
    expect(page(48, 2, 300)).toBe(50);
    expect(page(50, 0, 400)).toBe(45);
  });

  it('in a carrying replay, is one per table for the range, given out page by page as it holds; batch by batch, a new one given out whole', () => {
    const hold = { initial: 1, most: 1 };
    const { page, end: ending } = carriedRows(hold);
    const cases = page.fold('cases');

    expect(page.fold('cases')).toBe(cases);
    expect(ending.fold('cases')).toBe(cases);
    expect(page.fold('deadlines')).not.toBe(cases);
    expect(carriedRows(hold).page.fold('cases')).not.toBe(cases);
    const deadlines = page.fold('deadlines');
    for (const key of ['A', 'B']) deadlines.insert(key, received(key));
    expect(Object.keys(written(page.take(deadlines)))).toEqual(['A']);
    expect(Object.keys(written(ending.take(deadlines)))).toEqual(['B']);

    const batch = EACH_BATCH.fold('deadlines');
    expect(EACH_BATCH.fold('deadlines')).not.toBe(batch);
    for (const key of ['A', 'B']) batch.insert(key, received(key));
    expect(Object.keys(written(EACH_BATCH.take(batch)))).toEqual(['A', 'B']);
  });
});
