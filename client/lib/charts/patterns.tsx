/**
 * SVG fill patterns for chart series, so bars differ by texture as well as colour (colour-blind
 * readers, greyscale printing). Put <ChartPatterns /> inside a chart's SVG (recharts renders
 * plain SVG children) and fill with `url(#<id>)`.
 */

export type PatternKind = 'solid' | 'hatch' | 'dots' | 'cross' | 'vertical';

export interface PatternDef {
  id: string;
  color: string;
  kind: PatternKind;
}

export function patternFill(p: PatternDef): string {
  return p.kind === 'solid' ? p.color : `url(#${p.id})`;
}

function Pattern({ id, color, kind }: PatternDef) {
  const size = 6;
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width={size} height={size}>
      <rect width={size} height={size} fill={color} fillOpacity={0.35} />
      {kind === 'hatch' && <path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke={color} strokeWidth={1.6} />}
      {kind === 'cross' && <path d="M0,0 L6,6 M6,0 L0,6" stroke={color} strokeWidth={1.2} />}
      {kind === 'vertical' && <path d="M3,0 L3,6" stroke={color} strokeWidth={2} />}
      {kind === 'dots' && <circle cx={3} cy={3} r={1.5} fill={color} />}
    </pattern>
  );
}

/** The <defs> holding every non-solid pattern in the list. */
export function ChartPatterns({ patterns }: { patterns: PatternDef[] }) {
  return (
    <defs>
      {patterns
        .filter((p) => p.kind !== 'solid')
        .map((p) => (
          <Pattern key={p.id} {...p} />
        ))}
    </defs>
  );
}

/** A small legend swatch showing the same fill as the chart. */
export function PatternSwatch({ pattern, size = 12 }: { pattern: PatternDef; size?: number }) {
  const id = `${pattern.id}-swatch`;
  return (
    <svg width={size} height={size} aria-hidden style={{ verticalAlign: 'middle', border: `1px solid ${pattern.color}` }}>
      {pattern.kind !== 'solid' && (
        <defs>
          <Pattern {...pattern} id={id} />
        </defs>
      )}
      <rect width={size} height={size} fill={pattern.kind === 'solid' ? pattern.color : `url(#${id})`} />
    </svg>
  );
}
