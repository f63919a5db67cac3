import { claimsOf } from '../shared/api';

const OVERSIGHT = ['center-admin', 'efficiency-office', 'discipline'];

/** Who is signed in and what they may look at: the whole center, or one department. */
export interface Scope {
  readonly role: string;
  readonly subject: string;
  /** Department heads: their department; null for the center's oversight roles. */
  readonly departmentId: string | null;
  /** Only the oversight roles may open the live feed of cards and notices. */
  readonly liveFeed: boolean;
}

/** The scope a token gives, or why the dashboard is not for it. */
export function scopeOf(token: string): Scope | { refused: string } {
  const claims = claimsOf(token);
  if (!claims || typeof claims.role !== 'string') return { refused: '这不是一个有效的访问令牌' };
  const subject = String(claims.sub ?? '');
  if (OVERSIGHT.includes(claims.role)) return { role: claims.role, subject, departmentId: null, liveFeed: true };
  if (claims.role === 'department-head' && typeof claims.department === 'string') {
    return { role: claims.role, subject, departmentId: claims.department, liveFeed: false };
  }
  return { refused: '监督看板供中心、效能办、纪检监察和部门负责人使用' };
}
