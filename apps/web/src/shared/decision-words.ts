/**
 * How a decision is worded for the kind of item it decides (行政许可法: a registration is 准予登记,
 * not 准予许可). The catalog names each item after its act (…设立登记, …施工许可证核发, …备案),
 * so the act is read from the name; an item that names none is a licence (许可).
 */
const ACTS: readonly (readonly [string, string])[] = [
  ['登记', '登记'], ['备案', '备案'], ['认定', '认定'], ['确认', '确认'], ['核准', '核准'], ['审批', '批准'], ['许可', '许可'],
];

export function actOf(itemName: string): string {
  return ACTS.find(([word]) => itemName.includes(word))?.[1] ?? '许可';
}

/** 准予登记 / 不予登记, 准予许可 / 不予许可 … */
export function decisionWords(itemName: string, outcome: string): string {
  const act = actOf(itemName);
  return outcome === 'approved' ? `准予${act}` : outcome === 'refused' ? `不予${act}` : outcome;
}
