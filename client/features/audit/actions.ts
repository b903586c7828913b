/** Audit action codes in Chinese; a code not listed here is shown as it is. */
export const ACTION_NAMES: Record<string, string> = {
  'report.saveDraft': '保存草稿',
  'report.submit': '报送',
  'report.approve': '审核通过',
  'report.accept': '采纳',
  'report.return': '退回',
  'report.reopen': '重新开放',
  'report.flag': '标记',
  'report.resolveFlag': '标记已跟进',
  'period.update': '修改期次',
  'period.extendDue': '延期',
  'period.remind': '催报',
  'auth.login': '登录',
  'auth.changePassword': '修改密码',
  'evidence.upload': '上传证明材料',
  'scheme.save': '保存考核方案',
  'scheme.copy': '复制考核方案',
  'scores.adjust': '调整分值',
  'scores.removeAdjustment': '撤销分值调整',
  'scores.publish': '发布考核结果',
};

export function actionName(code: string): string {
  return ACTION_NAMES[code] ?? code;
}

/** Prefixes the server filters by (`action LIKE prefix%`). */
export const ACTION_PREFIXES = [
  { value: 'report.', label: '报告（report.）' },
  { value: 'period.', label: '期次（period.）' },
  { value: 'auth.', label: '账号（auth.）' },
  { value: 'evidence.', label: '证明材料（evidence.）' },
  { value: 'scheme.', label: '考核方案（scheme.）' },
  { value: 'scores.', label: '考核结果（scores.）' },
] as const;

export const ACTION_COLORS: Record<string, string> = {
  report: 'blue',
  period: 'purple',
  auth: 'default',
  evidence: 'cyan',
  scheme: 'gold',
  scores: 'magenta',
};

export const ENTITY_NAMES: Record<string, string> = {
  report: '报告',
  review_flag: '标记',
  period: '期次',
  due_extension: '延期',
  account: '账号',
  evidence_file: '证明材料',
  scheme: '考核方案',
  adjustment: '分值调整',
  ranking_publication: '考核结果发布',
};
