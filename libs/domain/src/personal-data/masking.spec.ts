import { maskAddress, maskContact, maskIdNumber, maskName, maskPhone } from './masking';
import { recordedApplicant } from './recorded-applicant';

describe('masking personal fields for callers not entitled to them', () => {
  it('keeps the region and the last four of an ID number, hiding the birth date', () => {
    expect(maskIdNumber('330102199001011234')).toBe('330102********1234');
    expect(maskIdNumber('91330100MA2B3C4D5E')).toBe('913301********4D5E');
  });

  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('keeps the first and last character of a name', () => {
    expect([maskName('张三丰'), maskName('李四'), maskName('欧阳明华'), maskName('王')]).toEqual(['张*丰', '李*', '欧**华', '*']);
  });

  it('keeps an address to its first six characters, and a contact to its ends', () => {
    expect(maskAddress('浙江省杭州市上城区解放路100号')).toBe('浙江省杭州市****');
    expect(maskAddress('解放路1号')).toBe('*****');
    expect(maskContact('13987654321')).toBe('139****4321');
    expect(maskContact('wangwu@example.cn')).toBe('w***@example.cn');
  });
});

describe('reading the applicant of a stored receipt', () => {
  it('takes a sealed applicant as it is', () => {
    const sealed = { kind: 'person', personId: 'p-1', maskedName: '李*', sealed: 'pd1.x' };
    expect(recordedApplicant(sealed)).toEqual(sealed);
  });

  it('reads a receipt from before the vault (schema 1, in clear) as its masked name alone, with no person', () => {
    const old = JSON.parse('{"kind":"person","name":"李四","idNumber":"330102199001011234","phone":"13800000000"}');
    expect(recordedApplicant(old)).toEqual({ kind: 'person', personId: '', sealed: '', maskedName: '李*' });
  });
});
