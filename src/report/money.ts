// Money in integer cents. Catalog prices have at most six decimals, so a price is held exactly as
// integer micro-dollars and a line item's amount is quantity × price rounded half up to the cent,
// with integer arithmetic only. Totals are sums of item cents, so they add up exactly.

const MICROS_PER_UNIT = 1_000_000;
const MICROS_PER_CENT = 10_000;

/** A catalog price (currency units, at most six decimals) as integer micro-units. */
export function toMicros(price: number): number {
  const micros = Math.round(price * MICROS_PER_UNIT);
  if (!Number.isSafeInteger(micros) || micros < 0) throw new RangeError(`price ${price} cannot be held as micro-units`);
  return micros;
}

/** quantity × unitPrice in cents, rounded half up. quantity must be a non-negative integer. */
export function centsOf(quantity: number, unitPrice: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity ${quantity} must be a non-negative integer`);
  const micros = BigInt(quantity) * BigInt(toMicros(unitPrice));
  return Number((micros + BigInt(MICROS_PER_CENT / 2)) / BigInt(MICROS_PER_CENT));
}

/** Cents as a JSON number in currency units (two decimals at most). */
export function centsToAmount(cents: number): number {
  return Number((cents / 100).toFixed(2));
}

/** 123456 -> "$1,234.56"; negative amounts keep their sign before the symbol. */
export function formatCents(cents: number, currency = 'USD'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const frac = String(abs % 100).padStart(2, '0');
  return `${sign}${currency === 'USD' ? '$' : `${currency} `}${whole}.${frac}`;
}

/** A unit price as written in the catalog: up to six decimals, no trailing zeros beyond two. */
export function formatUnitPrice(price: number, currency = 'USD'): string {
  let text = price.toFixed(6).replace(/0+$/, '');
  const [, frac = ''] = text.split('.');
  if (frac.length < 2) text = price.toFixed(2);
  return `${currency === 'USD' ? '$' : `${currency} `}${text}`;
}
