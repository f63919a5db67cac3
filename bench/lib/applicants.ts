import { randomUUID } from 'node:crypto';

/**
 * Realistic receipts for the receipts and overload workloads (issue 26): applicants with a
 * Chinese name, a valid 18-digit resident ID (GB 11643: area, birth date, sequence, ISO 7064
 * MOD 11-2 check character) and a mobile number; a share of them repeat applicants (a company's
 * agent filing many cases, a citizen back for another item); online receipts of items of every
 * department (so case numbers are drawn under six prefixes), each with an Idempotency-Key.
 */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红玉兰飞桂兰志强建华建国建军海燕春梅丹鹏斌宇浩凯婷雪琳晨欣怡子轩梓涵';
const AREAS = ['330102', '330106', '330108', '330110', '330183', '330522', '330681', '110101', '310104', '440305'];
const ITEMS = ['SCJG-001', 'SCJG-003', 'ZJJ-001', 'ZRZY-001', 'ZRZY-002', 'GA-002', 'RS-001', 'YB-001'];
const WEIGHTS = [2, 2, 3, 4, 2, 3, 2, 2];
const CHECK = '10X98765432';
const FACTORS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export interface Applicant {
  readonly kind: 'person';
  readonly name: string;
  readonly idNumber: string;
  readonly phone: string;
}

/** A small deterministic generator, so two runs send the same applicants. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The check character of the first 17 digits of a resident ID (GB 11643-1999, ISO 7064 MOD 11-2). */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * FACTORS[i];
  return CHECK[sum % 11];
}

export function isValidResidentId(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckCharacter(id.slice(0, 17)) === id[17];
}

export function randomApplicant(random: () => number): Applicant {
  const pick = (text: string) => text[Math.floor(random() * text.length)];
  const name = pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : '');
  const born = new Date(Date.UTC(1950, 0, 1) + Math.floor(random() * 55 * 365.25) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = AREAS[Math.floor(random() * AREAS.length)] + born + String(Math.floor(random() * 1000)).padStart(3, '0');
  const phone = `1${'3456789'[Math.floor(random() * 7)]}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
  return { kind: 'person', name, idNumber: first17 + idCheckCharacter(first17), phone };
}

export interface ReceiptSource {
  /** The next receipt: its body and its Idempotency-Key. */
  next(): { body: string; key: string };
}

/**
 * Receipts in which `repeatShare` of the applicants come from a pool of `repeatPool` regulars
 * (the "one company filing many cases"), the rest new people.
 */
export function receiptSource(seed = 26, repeatShare = 0.3, repeatPool = 200): ReceiptSource {
  const random = seededRandom(seed);
  const regulars = Array.from({ length: repeatPool }, () => randomApplicant(random));
  const totalWeight = WEIGHTS.reduce((a, b) => a + b, 0);
  const item = () => {
    let n = random() * totalWeight;
    for (let i = 0; i < ITEMS.length; i++) if ((n -= WEIGHTS[i]) < 0) return ITEMS[i];
    return ITEMS[ITEMS.length - 1];
  };
  return {
    next() {
      const applicant = random() < repeatShare ? regulars[Math.floor(random() * regulars.length)] : randomApplicant(random);
      return { body: JSON.stringify({ itemCode: item(), channel: 'online', applicant, materials: ['申请书', '申请人身份证明'] }), key: randomUUID() };
    },
  };
}
