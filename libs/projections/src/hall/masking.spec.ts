import { maskName } from './masking';

describe('masking for public screens', () => {
  it('keeps the first and last character of a name', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('王')).toBe('*');
    expect(maskName('杭州某某科技有限公司')).toBe('杭********司');
  });
});
