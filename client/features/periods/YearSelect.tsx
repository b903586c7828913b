import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

export const DEFAULT_YEAR = 2018;

/** Reads a year from the URL; anything that is not a plausible year gives the default. */
export function parseYear(raw: string | null): number {
  if (!raw || !/^\d{4}$/.test(raw)) return DEFAULT_YEAR;
  const n = Number(raw);
  return n >= 2000 && n <= 2100 ? n : DEFAULT_YEAR;
}

/** The assessment years that have a scheme; the current choice stays listed even if it has none. */
export function YearSelect({ value, onChange }: { value: number; onChange: (year: number) => void }) {
  const trpc = useTRPC();
  const years = useQuery(trpc.scheme.years.queryOptions());
  const list = [...new Set([...(years.data ?? []).map((y) => y.year), value])].sort((a, b) => b - a);
  return (
    <Select<number>
      aria-label="考核年度"
      value={value}
      onChange={onChange}
      loading={years.isLoading}
      style={{ width: 120 }}
      options={list.map((y) => ({ value: y, label: `${y} 年度` }))}
    />
  );
}
