import type { Department, FeeEntry, ItemTerms, ServiceWindow, SubCenter } from '@gov/domain';

/** A small, realistic county catalog for an empty store: six departments, three sub-centers, a dozen items. */
export const DEMO_DEPARTMENTS: Department[] = [
  { id: 'scjg', name: '县市场监督管理局', caseNoPrefix: 'SCJG' },
  { id: 'zjj', name: '县住房和城乡建设局', caseNoPrefix: 'ZJJ' },
  { id: 'zrzy', name: '县自然资源局', caseNoPrefix: 'ZRZY' },
  { id: 'ga', name: '县公安局', caseNoPrefix: 'GA' },
  { id: 'rs', name: '县人力资源和社会保障局', caseNoPrefix: 'RS' },
  { id: 'yb', name: '县医疗保障局', caseNoPrefix: 'YB' },
];

export const DEMO_WINDOWS: ServiceWindow[] = [
  { id: 'w-scjg', name: '市场监管综合窗口', departmentId: 'scjg', comprehensive: true },
  { id: 'w-zjj', name: '住建综合窗口', departmentId: 'zjj', comprehensive: true },
  { id: 'w-zrzy', name: '不动产登记窗口', departmentId: 'zrzy', comprehensive: true },
  { id: 'w-rs', name: '人社窗口', departmentId: 'rs', comprehensive: false },
];

/**
 * One clerk at each demo window (staff id `clerk-<department>`), authorized by their head for
 * every demo item of the department: a window-staff token's subject is the staff id
 * (`npm run token -- --role window-staff --department zrzy --window w-zrzy --subject clerk-zrzy`).
 */
export const DEMO_CLERKS = DEMO_WINDOWS.map((window) => ({
  staffId: `clerk-${window.departmentId}`, name: `${window.name}工作人员`, departmentId: window.departmentId, windowId: window.id,
  grantedBy: `head-${window.departmentId}`,
}));

export const DEMO_SUB_CENTERS: SubCenter[] = [
  { id: 'jj', name: '交警大队分中心', departmentId: 'ga' },
  { id: 'sb', name: '社保分中心', departmentId: 'rs' },
  { id: 'yb', name: '医保分中心', departmentId: 'yb' },
];

export const DEMO_FEES: FeeEntry[] = [
  { code: 'F-BDC-ZZ', name: '不动产登记费（住宅）', basis: '发改价格规〔2016〕2559号', level: 'national', standardAmountFen: 8000 },
  { code: 'F-BDC-GBF', name: '不动产权属证书工本费', basis: '发改价格规〔2016〕2559号', level: 'national', standardAmountFen: 1000 },
  { code: 'F-JDC-HP', name: '机动车号牌工本费', basis: '发改价格〔2004〕2831号', level: 'national', standardAmountFen: 10000 },
  { code: 'F-JSZ-GBF', name: '机动车驾驶证工本费', basis: '发改价格〔2004〕2831号', level: 'national', standardAmountFen: 1000 },
];

const base = { materials: ['申请书', '申请人身份证明'], procedure: ['受理', '审查', '决定', '送达'], specialProcedures: [], fees: [] };

export const DEMO_ITEMS: { code: string; terms: ItemTerms }[] = [
  { code: 'SCJG-001', terms: { ...base, name: '个体工商户设立登记', departmentId: 'scjg', category: 'immediate', legalBasis: '《促进个体工商户发展条例》', legalLimitDays: 15, promisedLimitDays: 0 } },
  { code: 'SCJG-002', terms: { ...base, name: '食品经营许可', departmentId: 'scjg', category: 'promised', legalBasis: '《食品安全法》第三十五条', legalLimitDays: 20, promisedLimitDays: 10, specialProcedures: ['site-inspection'] } },
  { code: 'SCJG-003', terms: { ...base, name: '营业执照变更登记', departmentId: 'scjg', category: 'promised', legalBasis: '《市场主体登记管理条例》', legalLimitDays: 15, promisedLimitDays: 3 } },
  { code: 'ZJJ-001', terms: { ...base, name: '建筑工程施工许可证核发', departmentId: 'zjj', category: 'promised', legalBasis: '《建筑法》第八条', legalLimitDays: 15, promisedLimitDays: 5 } },
  { code: 'ZJJ-002', terms: { ...base, name: '商品房预售许可', departmentId: 'zjj', category: 'promised', legalBasis: '《城市房地产管理法》第四十五条', legalLimitDays: 20, promisedLimitDays: 10, specialProcedures: ['site-inspection'] } },
  { code: 'ZJJ-003', terms: { ...base, name: '燃气经营许可', departmentId: 'zjj', category: 'promised', legalBasis: '《城镇燃气管理条例》第十五条', legalLimitDays: 20, promisedLimitDays: 10, specialProcedures: ['testing'] } },
  { code: 'ZRZY-001', terms: { ...base, name: '不动产转移登记', departmentId: 'zrzy', category: 'promised', legalBasis: '《不动产登记暂行条例》第二十条', legalLimitDays: 30, promisedLimitDays: 5,
    fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] } },
  { code: 'ZRZY-002', terms: { ...base, name: '建设用地规划许可', departmentId: 'zrzy', category: 'promised', legalBasis: '《城乡规划法》第三十七条', legalLimitDays: 20, promisedLimitDays: 10, specialProcedures: ['hearing'] } },
  { code: 'GA-001', terms: { ...base, name: '机动车注册登记', departmentId: 'ga', category: 'immediate', legalBasis: '《道路交通安全法》第八条', legalLimitDays: 2, promisedLimitDays: 0,
    fees: [{ feeCode: 'F-JDC-HP', amountFen: 10000 }] } },
  { code: 'GA-002', terms: { ...base, name: '机动车驾驶证换证', departmentId: 'ga', category: 'immediate', legalBasis: '《机动车驾驶证申领和使用规定》', legalLimitDays: 1, promisedLimitDays: 0,
    fees: [{ feeCode: 'F-JSZ-GBF', amountFen: 1000 }] } },
  { code: 'RS-001', terms: { ...base, name: '社会保险登记', departmentId: 'rs', category: 'immediate', legalBasis: '《社会保险法》第五十七条', legalLimitDays: 15, promisedLimitDays: 0 } },
  { code: 'YB-001', terms: { ...base, name: '基本医疗保险关系转移接续', departmentId: 'yb', category: 'promised', legalBasis: '《社会保险法》第三十二条', legalLimitDays: 15, promisedLimitDays: 5 } },
];
