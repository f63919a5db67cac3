import { isLocalDate } from './local-date';

describe('isLocalDate: a real calendar day written YYYY-MM-DD', () => {
  it.each(['2026-04-07', '2024-02-29', '0073-08-24', '0001-01-01', '9999-12-31'])('takes %s', (value) => {
    expect(isLocalDate(value)).toBe(true);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-4-7', '20260407', ''])('refuses %s', (value) => {
    expect(isLocalDate(value)).toBe(false);
  });
});
