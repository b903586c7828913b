/**
 * Pinyin-ish host names for the bureaus' disclosure sites in the demo story (invented addresses of
 * the form https://jsj.<slug>.gov.cn/zwgk/…; units missing here fall back to their code).
 */
const SLUGS: Record<string, string> = {
  '330100': 'hangzhou', '330102': 'hzsc', '330103': 'hzxc', '330104': 'hzjg', '330105': 'gongshu', '330106': 'hzxh',
  '330108': 'hhtz', '330109': 'xiaoshan', '330110': 'yuhang', '330111': 'fuyang', '330112': 'linan', '330122': 'tonglu',
  '330127': 'qdh', '330182': 'jiande',
  '330200': 'ningbo', '330203': 'haishu', '330205': 'nbjb', '330206': 'bl', '330211': 'zh', '330212': 'nbyz',
  '330213': 'fh', '330225': 'xiangshan', '330226': 'ninghai', '330281': 'yy', '330282': 'cixi',
  '330300': 'wenzhou', '330302': 'lucheng', '330303': 'longwan', '330304': 'ouhai', '330305': 'dongtou', '330324': 'yj',
  '330326': 'zjpy', '330327': 'cncn', '330328': 'wencheng', '330329': 'ts', '330381': 'ruian', '330382': 'yueqing',
  '330400': 'jiaxing', '330402': 'nanhu', '330411': 'xiuzhou', '330421': 'jiashan', '330424': 'haiyan', '330481': 'haining',
  '330482': 'pinghu', '330483': 'tx',
  '330500': 'huzhou', '330502': 'wuxing', '330503': 'nanxun', '330521': 'deqing', '330522': 'zjcx', '330523': 'anji',
  '330600': 'sx', '330602': 'sxyc', '330603': 'kq', '330604': 'shangyu', '330624': 'zjxc', '330681': 'zhuji', '330683': 'szzj',
  '330700': 'jinhua', '330702': 'wucheng', '330703': 'jindong', '330723': 'wuyi', '330726': 'pj', '330727': 'panan',
  '330781': 'lanxi', '330782': 'yw', '330783': 'dongyang', '330784': 'yk',
  '330800': 'qz', '330802': 'kecheng', '330803': 'qjq', '330822': 'zjcs', '330824': 'kaihua', '330825': 'longyou', '330881': 'jiangshan',
  '330900': 'zhoushan', '330902': 'dinghai', '330903': 'putuo', '330921': 'daishan', '330922': 'shengsi',
  '331000': 'zjtz', '331002': 'jiaojiang', '331003': 'zjhy', '331004': 'luqiao', '331022': 'sanmen', '331023': 'zjtt',
  '331024': 'zjxj', '331081': 'wl', '331082': 'linhai', '331083': 'yuhuan',
  '331100': 'lishui', '331102': 'liandu', '331121': 'qingtian', '331122': 'jinyun', '331123': 'suichang', '331124': 'songyang',
  '331125': 'yunhe', '331126': 'zjqy', '331127': 'jingning', '331181': 'longquan',
};

export function siteOf(unitCode: string): string {
  return `https://jsj.${SLUGS[unitCode] ?? `u${unitCode}`}.gov.cn`;
}

/** Section of the disclosure column (政务公开) where each indicator's evidence is published. */
export const EVIDENCE_SECTIONS: Record<string, string> = {
  'CAT-01': 'ml',
  'CAT-03': 'fmqd',
  'HS-02': 'zfbz',
  'HS-03': 'zfbz/jxpj',
  'RH-03': 'nfgz/jxpj',
  'IN-02': 'ghxx',
  'IN-03': 'fdcjg',
  'IN-04': 'szgg',
  'IN-05': 'hmd',
  'IN-06': 'gjj',
  'IN-07': 'sgyc',
  'MC-03': 'gzdt',
  'MC-04': 'wzcc',
};

/** An article page published on `day`: https://jsj.hzxh.gov.cn/zwgk/fmqd/201806/t20180615_4821.html */
export function articleUrl(unitCode: string, code: string, day: string, id: number): string {
  const compact = day.replaceAll('-', '');
  return `${siteOf(unitCode)}/zwgk/${EVIDENCE_SECTIONS[code] ?? 'qt'}/${compact.slice(0, 6)}/t${compact}_${id}.html`;
}

/** A column page listing everything published for an indicator. */
export function columnUrl(unitCode: string, code: string): string {
  return `${siteOf(unitCode)}/zwgk/${EVIDENCE_SECTIONS[code] ?? 'qt'}/index.html`;
}

/** The site's home page (what careless evidence links point to). */
export function homeUrl(unitCode: string): string {
  return `${siteOf(unitCode)}/`;
}
