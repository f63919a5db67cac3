import type { ItemTerms, ProcedureStep, QueueDefinition, ServiceWindow } from '@gov/domain';
import { DEMO_DEPARTMENTS, DEMO_ITEMS, DEMO_WINDOWS } from './demo-catalog';

/**
 * The hall's front for the demo (seeded after the catalog, demo-seed.ts): the queues the kiosk
 * draws from, a comprehensive window calling from several of them, each department's head on the
 * roster, and items whose procedure is defined step by step (issue 24), so that a case received
 * under them shows in the reviewer's and then the head's worklist (/tasks/).
 */

/** 综合受理窗口: the market regulator's window also receives housing and land items (一窗受理) and calls their queues. */
export const DEMO_COMPREHENSIVE_WINDOW: ServiceWindow = {
  id: 'w-zhck', name: '综合受理窗口', departmentId: 'scjg', comprehensive: true, serves: ['zjj', 'zrzy'],
};

/** One queue per department with a window in the hall; the letters say where to go (A001 → 市场监管). */
export const DEMO_QUEUES: QueueDefinition[] = [
  { queueId: 'q-scjg', name: '市场监管', prefix: 'A', departmentIds: ['scjg'] },
  { queueId: 'q-zjj', name: '住房建设', prefix: 'B', departmentIds: ['zjj'] },
  { queueId: 'q-zrzy', name: '不动产登记', prefix: 'C', departmentIds: ['zrzy'] },
  { queueId: 'q-rs', name: '人力社保', prefix: 'D', departmentIds: ['rs'] },
];

/** The comprehensive window calls from its own department's queue and those of the departments it serves. */
export const DEMO_WINDOW_QUEUES = {
  windowId: DEMO_COMPREHENSIVE_WINDOW.id,
  queueIds: DEMO_QUEUES.filter((q) => q.departmentIds.some((d) => d === DEMO_COMPREHENSIVE_WINDOW.departmentId || DEMO_COMPREHENSIVE_WINDOW.serves?.includes(d)))
    .map((q) => q.queueId),
};

const stepOf = (id: string, name: string, kind: ProcedureStep['kind'], limitDays: number): ProcedureStep => ({
  id, name, kind, role: kind === 'review' ? 'reviewer' : kind === 'decision' ? 'approver' : 'window-staff', limitDays, remoteAllowed: kind === 'review' || kind === 'decision',
});

const base = { materials: ['申请书', '申请人身份证明'], procedure: ['受理', '审查', '决定', '送达'], specialProcedures: [], fees: [] };

/** Items whose version defines its steps: acceptance at the window, review by the back office, the head's decision, delivery. */
export const DEMO_STEP_ITEMS: { code: string; terms: ItemTerms }[] = [
  { code: 'SCJG-004', terms: { ...base, name: '药品零售企业经营许可', departmentId: 'scjg', category: 'promised', legalBasis: '《药品管理法》第五十二条',
    legalLimitDays: 30, promisedLimitDays: 15,
    steps: [stepOf('acceptance', '受理', 'acceptance', 0), stepOf('review', '审查', 'review', 10), stepOf('decision', '决定', 'decision', 3),
      stepOf('delivery', '送达', 'delivery', 0)] } },
  { code: 'ZRZY-003', terms: { ...base, name: '不动产抵押登记', departmentId: 'zrzy', category: 'promised', legalBasis: '《不动产登记暂行条例》第二十条',
    legalLimitDays: 30, promisedLimitDays: 5, materials: ['不动产登记申请书', '申请人身份证明', '不动产权属证书', '抵押合同', '主债权合同'],
    steps: [stepOf('acceptance', '受理', 'acceptance', 0), stepOf('review', '审核', 'review', 3), stepOf('decision', '登簿', 'decision', 1),
      stepOf('delivery', '缮证发证', 'delivery', 0)] } },
];

/**
 * Each demo department's head (`head-<department>`, who granted the clerks' authorizations), posted
 * at the department's window and authorized for its items: the approver of the decision step must
 * be on the roster (decision 0087). A head's token: `--role department-head --department zrzy --subject head-zrzy`.
 */
export const DEMO_HEADS = DEMO_WINDOWS.map((window) => ({
  staffId: `head-${window.departmentId}`, name: `${DEMO_DEPARTMENTS.find((d) => d.id === window.departmentId)?.name ?? window.name}负责人`, departmentId: window.departmentId, windowId: window.id,
  itemCodes: [...DEMO_ITEMS, ...DEMO_STEP_ITEMS].filter((item) => item.terms.departmentId === window.departmentId).map((item) => item.code),
}));
