/** The county's words for the engine's codes. */
export const CASE_STATUS: Record<string, string> = {
  open: '办理中', suspended: '暂停计时', completed: '已办结', withdrawn: '已撤回', 'not-accepted': '不予受理',
};

export const SUSPENSION_REASON: Record<string, string> = {
  supplement: '补正材料', 'site-inspection': '现场勘查', hearing: '听证', 'expert-review': '专家评审', testing: '检验检测', 'pre-review': '网上预审',
};

export const CATEGORY: Record<string, string> = { immediate: '即办件', promised: '承诺件' };

export const OUTCOME: Record<string, string> = { approved: '准予许可', refused: '不予许可' };

export const RATING: readonly (readonly [string, string])[] = [
  ['very-satisfied', '非常满意'], ['satisfied', '满意'], ['basically-satisfied', '基本满意'], ['dissatisfied', '不满意'], ['very-dissatisfied', '非常不满意'],
];

export const COMPLAINT_CATEGORY: readonly (readonly [string, string])[] = [
  ['service-attitude', '服务态度'], ['not-within-time-limit', '不按规定时限办结'], ['illegal-fee', '乱收费'],
  ['favours-gifts-bribes', '吃拿卡要'], ['immediate-treated-as-promised', '即办件按承诺件办理'], ['double-acceptance', '两头受理'],
  ['major-project-not-special', '重大项目不特事特办'], ['nominally-in-center', '名进实不进'], ['not-in-center', '应进不进'], ['other', '其他'],
];

export const NOTICE_STATUS: Record<string, string> = { 'awaiting-reply': '待回复', replied: '已回复', closed: '已销号' };

export const ROLE: Record<string, string> = {
  'center-admin': '政务服务中心', 'efficiency-office': '效能办', discipline: '纪检监察', 'department-head': '部门负责人',
  'window-staff': '窗口工作人员', applicant: '申请人', integration: '对接系统', migration: '数据迁移',
};

export const FEED_EVENT: Record<string, string> = {
  CaseWarned: '黄牌预警', CaseOverdue: '红牌超期', SupervisionNoticeOpened: '督办单下发', NoticeReplied: '督办单已回复',
  NoticeClosed: '督办单销号', NoticeReturned: '督办单退回',
};
