export const ROLES = ['office', 'leader', 'city', 'county', 'division'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  office: '厅办公室',
  leader: '厅领导',
  city: '设区市住建局',
  county: '县(市、区)住建局',
  division: '厅机关处室',
};

export type UnitLevel = 'province' | 'city' | 'county' | 'division';

export const LEVEL_NAMES: Record<UnitLevel, string> = {
  province: '省',
  city: '设区市',
  county: '县(市、区)',
  division: '厅机关处室',
};

export const KIND_NAMES: Record<string, string> = {
  province: '省',
  city: '设区市',
  district: '市辖区',
  county: '县',
  'county-city': '县级市',
  'autonomous-county': '自治县',
  division: '厅机关处室',
};
