import { isInstant } from './validation';

describe('isInstant: an RFC 3339 date-time, as /docs-json says (format: date-time)', () => {
  it.each(['2012-04-05T01:00:00Z', '2012-04-05t01:00:00.5z', '1083-01-11T19:57:22.33+15:28', '2026-04-07T09:00:00+08:00'])('takes %s', (value) => {
    expect(isInstant(value)).toBe(true);
  });

  it.each(['2012-04-05', '2012-04-05T01:00Z', '2012-02-30T01:00:00Z', '2012-04-05T24:00:00Z', '2012-04-05T01:00:00+24:00', '2012-04-05 01:00:00Z', 7])('refuses %s', (value) => {
    expect(isInstant(value)).toBe(false);
  });
});
