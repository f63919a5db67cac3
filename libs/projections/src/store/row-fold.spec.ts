import { carriedRows, type FoldedRows, RowFold } from './row-fold';

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

describe('where a fold gets its rows', () => {
  it('in a carrying replay, one fold per table for the range, holding back `keep` rows, and none on the ending page', () => {
    const state: Record<string, unknown> = {};
    const page = carriedRows({ state, ending: false }, 10);
    const ending = carriedRows({ state, ending: true }, 10);

    expect(page.fold('cases')).toBe(ending.fold('cases'));
    expect(page.fold('deadlines')).not.toBe(page.fold('cases'));
    expect(page.keep).toBe(10);
    expect(ending.keep).toBe(0);
    expect(carriedRows({ state: {}, ending: false }, 10).fold('cases')).not.toBe(page.fold('cases'));
  });
});
