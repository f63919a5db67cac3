import { FeeLine } from './fee-catalog.decider';
import type { ProcedureStep } from '../workflow/procedure';

/** Procedures whose time is not counted and that exempt an item from the 5-working-day goal. */
export const SPECIAL_PROCEDURES = ['site-inspection', 'hearing', 'collective-review', 'testing'] as const;
export type SpecialProcedure = (typeof SPECIAL_PROCEDURES)[number];

export const ITEM_CATEGORIES = ['immediate', 'promised'] as const;
/** 即办件 (decided the same working day) or 承诺件 (decided within the promised limit). */
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** The published terms of a service item (事项): what a case accepted under it keeps. */
export interface ItemTerms {
  readonly name: string;
  readonly departmentId: string;
  readonly category: ItemCategory;
  readonly legalBasis: string;
  readonly materials: readonly string[];
  readonly procedure: readonly string[];
  /**
   * The procedure as data: ordered steps (环节) with performer, limit and whether remote.
   * Absent on items published before steps existed; `procedureOf` derives one for them.
   */
  readonly steps?: readonly ProcedureStep[];
  /** 法定时限, working days. */
  readonly legalLimitDays: number;
  /** 承诺时限, working days; 0 for immediate items. */
  readonly promisedLimitDays: number;
  readonly specialProcedures: readonly SpecialProcedure[];
  readonly fees: readonly FeeLine[];
}

/** The terms a case is accepted under: one version of one item. */
export interface ItemVersion extends ItemTerms {
  readonly code: string;
  readonly version: number;
}
