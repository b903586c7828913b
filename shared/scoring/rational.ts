/**
 * Exact rational numbers on BigInt. Scores must be rounded half-up in exact arithmetic
 * (3 × 67/200 = 1.005 → 1.01), which binary floating point cannot do.
 */
export interface Rational {
  /** Numerator; carries the sign. */
  readonly n: bigint;
  /** Denominator; always > 0, and gcd(|n|, d) = 1. */
  readonly d: bigint;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** n/d, reduced. Throws on a zero denominator. */
export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = typeof n === 'number' ? BigInt(n) : n;
  let dd = typeof d === 'number' ? BigInt(d) : d;
  if (dd === 0n) throw new RangeError('分母不能为 0');
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  const g = gcd(nn, dd);
  return g > 1n ? { n: nn / g, d: dd / g } : { n: nn, d: dd };
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * The exact value of the decimal a JS number prints as (0.1 → 1/10, not the binary double).
 * That is the number the user typed, so it is the one to compute with. Throws on NaN/Infinity.
 */
export function fromDecimal(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`不是有限数值: ${x}`);
  const m = DECIMAL.exec(String(x));
  if (!m) throw new RangeError(`无法解析数值: ${x}`);
  const [, sign, intPart, frac = '', exp = '0'] = m;
  let n = BigInt(intPart + frac);
  let d = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (e >= 0) n *= 10n ** BigInt(e);
  else d *= 10n ** BigInt(-e);
  return rat(sign ? -n : n, d);
}

export function add(a: Rational, b: Rational): Rational {
  return rat(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rational, b: Rational): Rational {
  return rat(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(a: Rational, b: Rational): Rational {
  return rat(a.n * b.n, a.d * b.d);
}

/** a / b. Throws when b is zero. */
export function div(a: Rational, b: Rational): Rational {
  return rat(a.n * b.d, a.d * b.n);
}

export function cmp(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function min(a: Rational, b: Rational): Rational {
  return cmp(a, b) <= 0 ? a : b;
}

export function max(a: Rational, b: Rational): Rational {
  return cmp(a, b) >= 0 ? a : b;
}

export function isZero(a: Rational): boolean {
  return a.n === 0n;
}

export function sum(items: readonly Rational[]): Rational {
  return items.reduce(add, ZERO);
}

/**
 * round(a × scale), halves rounded away from zero (half-up on magnitudes, as 四舍五入 does:
 * 1.005 → 1.01 and −1.005 → −1.01).
 */
export function roundHalfUp(a: Rational, scale: bigint): bigint {
  const num = abs(a.n) * scale;
  const q = (2n * num + a.d) / (2n * a.d);
  return a.n < 0n ? -q : q;
}

/** a × scale truncated toward zero. */
export function truncate(a: Rational, scale: bigint): bigint {
  const q = (abs(a.n) * scale) / a.d;
  return a.n < 0n ? -q : q;
}

/**
 * The exact decimal form of a if it has at most maxPlaces decimals (at least minPlaces shown),
 * else null. 67/200 → "0.335"; 2/3 → null.
 */
export function exactDecimal(a: Rational, maxPlaces: number, minPlaces = 0): string | null {
  for (let p = minPlaces; p <= maxPlaces; p++) {
    const scale = 10n ** BigInt(p);
    if ((a.n * scale) % a.d === 0n) return fixed(a.n * scale / a.d, p);
  }
  return null;
}

/** An integer v read as v / 10^places, printed with exactly `places` decimals. */
export function fixed(v: bigint, places: number): string {
  const sign = v < 0n ? '-' : '';
  const digits = abs(v).toString().padStart(places + 1, '0');
  if (places === 0) return sign + digits;
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** Nearest double; only for display or for handing a sum back as a plain number. */
export function toNumber(a: Rational): number {
  return Number(exactDecimal(a, 12) ?? fixed(roundHalfUp(a, 10n ** 12n), 12));
}
