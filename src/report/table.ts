// Aligned text tables (for terminals) and Markdown tables, with optional ANSI styling applied
// after padding so colour never shifts a column.

export type Align = 'left' | 'right';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  accent(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
export const ANSI: Style = { bold: wrap(1, 22), dim: wrap(2, 22), accent: wrap(36, 39) };
export const PLAIN: Style = { bold: (t) => t, dim: (t) => t, accent: (t) => t };

export function styleFor(color: boolean): Style {
  return color ? ANSI : PLAIN;
}

/** Display width: code points (the tables hold ASCII, ×, … and the like). */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

export interface TableOptions {
  readonly align?: readonly Align[];
  readonly indent?: string;
  readonly style?: Style;
  /** Row indexes drawn bold (totals). */
  readonly strong?: ReadonlySet<number>;
  /** Terminal width: wider tables have their widest left-aligned columns truncated with "…". */
  readonly maxWidth?: number;
}

/** `text` cut to `size` code points, the last one an ellipsis when anything was cut. */
function truncate(text: string, size: number): string {
  const chars = [...text];
  return chars.length <= size ? text : `${chars.slice(0, Math.max(0, size - 1)).join('')}…`;
}

/**
 * Column widths that fit `maxWidth`: the widest left-aligned (text) column gives up a character at
 * a time, never below its header or 8; numbers (right-aligned) are never cut. A table that cannot
 * fit even then is left as wide as it must be.
 */
function fitWidths(widths: number[], headers: readonly string[], align: (i: number) => Align, indent: number, maxWidth: number | undefined): number[] {
  if (maxWidth === undefined) return widths;
  const out = [...widths];
  const total = () => indent + out.reduce((a, b) => a + b, 0) + 2 * (out.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    out.forEach((w, i) => {
      if (align(i) === 'left' && w > Math.max(8, width(headers[i] ?? '')) && (widest < 0 || w > out[widest]!)) widest = i;
    });
    if (widest < 0) break;
    out[widest]!--;
  }
  return out;
}

export function textTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, options: TableOptions = {}): string {
  const style = options.style ?? PLAIN;
  const indent = options.indent ?? '  ';
  const align = (i: number): Align => options.align?.[i] ?? 'left';
  const natural = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const widths = fitWidths(natural, headers, align, width(indent), options.maxWidth);
  const line = (cells: readonly string[]): string =>
    `${indent}${cells.map((raw, i) => {
      const c = truncate(raw, widths[i]!);
      return i === cells.length - 1 && align(i) === 'left' ? c : pad(c, widths[i]!, align(i));
    }).join('  ')}`.replace(/\s+$/, '');
  const out = [style.bold(line(headers))];
  rows.forEach((r, i) => {
    const text = line(headers.map((_, j) => r[j] ?? ''));
    out.push(options.strong?.has(i) ? style.bold(text) : text);
  });
  return `${out.join('\n')}\n`;
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = []): string {
  const head = `| ${headers.map(markdownCell).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`;
  const body = rows.map((r) => `| ${headers.map((_, i) => markdownCell(r[i] ?? '')).join(' | ')} |`);
  return `${[head, rule, ...body].join('\n')}\n`;
}
