import { deciderSpec } from '../testing/decider-spec';
import { FeeCatalogState } from './fee-catalog.decider';
import { ItemTerms } from './service-item';
import { step } from '../workflow/procedure';
import { CatalogContext, decideServiceItem, evolveServiceItem, initialServiceItemState } from './service-item.decider';

const spec = deciderSpec({ decide: decideServiceItem, evolve: evolveServiceItem, initialState: initialServiceItemState });
const feeCatalog: FeeCatalogState = {
  entries: new Map([['F-001', { code: 'F-001', name: '工本费', basis: '国家收费目录', level: 'national' as const, standardAmountFen: 1000 }]]),
};
const context: CatalogContext = { feeCatalog, departmentExists: (id) => id === 'scjg' };
const terms: ItemTerms = {
  name: '个体工商户登记', departmentId: 'scjg', category: 'promised', legalBasis: '促进个体工商户发展条例', materials: ['申请书'],
  procedure: ['受理', '核准'], legalLimitDays: 15, promisedLimitDays: 7, specialProcedures: [], fees: [{ feeCode: 'F-001', amountFen: 1000 }],
};
const published = [{ type: 'ItemPublished' as const, data: { code: 'SCJG-9', version: 1, ...terms } }];

describe('service item catalog', () => {
  it('publishes version 1, then revises to version 2 and withdraws', () => {
    spec.given([]).when({ type: 'PublishItem', data: { code: 'SCJG-9', terms } }, context).then(published);
    spec.given(published).when({ type: 'ReviseItem', data: { code: 'SCJG-9', terms: { ...terms, promisedLimitDays: 5 }, reason: '清理' } }, context)
      .then([{ type: 'ItemRevised', data: { code: 'SCJG-9', version: 2, ...terms, promisedLimitDays: 5, reason: '清理' } }]);
    spec.given(published).when({ type: 'WithdrawItem', data: { code: 'SCJG-9', reason: '取消' } }, context)
      .then([{ type: 'ItemWithdrawn', data: { code: 'SCJG-9', version: 1, reason: '取消' } }]);
  });

  it('keeps the promised limit at most half the legal limit', () => {
    spec.given([]).when({ type: 'PublishItem', data: { code: 'X', terms: { ...terms, promisedLimitDays: 8 } } }, context).thenThrows('ITEM.PROMISED_LIMIT_TOO_LONG');
  });

  it('gives immediate items no promised limit and promised items one', () => {
    spec.given([]).when({ type: 'PublishItem', data: { code: 'X', terms: { ...terms, category: 'immediate' } } }, context).thenThrows('ITEM.IMMEDIATE_WITH_PROMISED_LIMIT');
    spec.given([]).when({ type: 'PublishItem', data: { code: 'X', terms: { ...terms, promisedLimitDays: 0 } } }, context).thenThrows('ITEM.PROMISED_LIMIT_MISSING');
  });

  it('refuses fees off the fee catalog or off the standard amount, and unknown departments', () => {
    spec.given([]).when({ type: 'PublishItem', data: { code: 'X', terms: { ...terms, fees: [{ feeCode: 'LOCAL-1', amountFen: 1000 }] } } }, context).thenThrows('FEE.NOT_IN_CATALOG');
    spec.given([]).when({ type: 'PublishItem', data: { code: 'X', terms: { ...terms, fees: [{ feeCode: 'F-001', amountFen: 1200 }] } } }, context).thenThrows('FEE.NOT_STANDARD_AMOUNT');
    spec.given([]).when({ type: 'PublishItem', data: { code: 'X', terms: { ...terms, departmentId: 'nope' } } }, context).thenThrows('ITEM.UNKNOWN_DEPARTMENT');
  });

  it('refuses publishing twice and changing a withdrawn item', () => {
    spec.given(published).when({ type: 'PublishItem', data: { code: 'SCJG-9', terms } }, context).thenThrows('ITEM.ALREADY_PUBLISHED');
    const withdrawn = [...published, { type: 'ItemWithdrawn' as const, data: { code: 'SCJG-9', version: 1, reason: 'x' } }];
    spec.given(withdrawn).when({ type: 'ReviseItem', data: { code: 'SCJG-9', terms, reason: 'x' } }, context).thenThrows('ITEM.WITHDRAWN');
    spec.given([]).when({ type: 'WithdrawItem', data: { code: 'SCJG-9', reason: 'x' } }, context).thenThrows('ITEM.NOT_FOUND');
  });

  it('revises only the procedure (a BPMN import): a new version with the steps, every other term kept, the steps held to their rules', () => {
    const steps = [step('acceptance', 0), step('review', 5, { name: '材料审查' }), step('decision', 2), step('delivery', 0)];
    spec.given(published).when({ type: 'ReviseProcedure', data: { code: 'SCJG-9', steps, reason: '按流程图调整' } }, context)
      .then([{ type: 'ItemRevised', data: { code: 'SCJG-9', version: 2, ...terms, steps, procedure: ['受理', '材料审查', '决定', '送达'], reason: '按流程图调整' } }]);
    spec.given(published).when({ type: 'ReviseProcedure', data: { code: 'SCJG-9', steps: [step('acceptance', 0), step('review', 8), step('decision', 0), step('delivery', 0)], reason: 'x' } }, context)
      .thenThrows('PROCEDURE.STEPS_EXCEED_PROMISED_LIMIT');
    spec.given([]).when({ type: 'ReviseProcedure', data: { code: 'SCJG-9', steps, reason: 'x' } }, context).thenThrows('ITEM.NOT_FOUND');
  });
});
