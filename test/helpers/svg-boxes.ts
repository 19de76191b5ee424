// Measures a Graphviz SVG the way a reader's viewer draws it: every text's box (from its x, y,
// anchor and font size, with Helvetica's advance widths, the metrics Graphviz lays text out with,
// widened by a margin for the wider sans-serif fonts a viewer may substitute), and every node's
// and cluster's box (the bounding box of its outline). Then finds texts that overlap each other
// and texts that touch or cross an outline.

/** Helvetica advance widths (Adobe AFM, units of 1/1000 em) for ASCII 32..126. */
const HELVETICA: readonly number[] = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];

/** Viewer fonts wider than Helvetica (DejaVu Sans is about 8% wider): boxes are measured this much wider. */
export const WIDTH_MARGIN = 1.1;

export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface TextBox extends Box {
  readonly text: string;
  /** The SVG group it belongs to (a node, a cluster, an edge) or 'graph' for the title. */
  readonly owner: string;
  readonly kind: 'graph' | 'node' | 'cluster' | 'edge';
}

export interface ShapeBox extends Box {
  readonly owner: string;
  readonly kind: 'node' | 'cluster';
}

export interface SvgLayout {
  readonly width: number;
  readonly height: number;
  readonly texts: TextBox[];
  readonly shapes: ShapeBox[];
}

const decode = (text: string): string =>
  text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Width of a text line at a font size, in the SVG's units. */
export function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? HELVETICA[code - 32]! : 584; // ×, é, …: about a digit's width or more
  }
  return (units / 1000) * fontSize * WIDTH_MARGIN;
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function numbers(text: string): number[] {
  return (text.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi) ?? []).map(Number);
}

function bboxOf(points: readonly number[]): Box | undefined {
  if (points.length < 4) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    x0 = Math.min(x0, points[i]!);
    x1 = Math.max(x1, points[i]!);
    y0 = Math.min(y0, points[i + 1]!);
    y1 = Math.max(y1, points[i + 1]!);
  }
  return { x0, y0, x1, y1 };
}

function textBox(tag: string, content: string, owner: string, kind: TextBox['kind']): TextBox {
  const x = Number(attr(tag, 'x') ?? 0);
  const y = Number(attr(tag, 'y') ?? 0);
  const size = Number(attr(tag, 'font-size') ?? 14);
  const text = decode(content);
  const w = textWidth(text, size);
  const anchor = attr(tag, 'text-anchor') ?? 'start';
  const x0 = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
  // Helvetica's ascender is 0.718 em and descender 0.207 em; a little more for accents.
  return { text, owner, kind, x0, x1: x0 + w, y0: y - 0.77 * size, y1: y + 0.23 * size };
}

/** Texts and shapes of a Graphviz SVG, in the coordinates of its graph group. */
export function svgLayout(svg: string): SvgLayout {
  const view = numbers(attr(/<svg[^>]*>/.exec(svg)?.[0] ?? '', 'viewBox') ?? '0 0 0 0');
  const texts: TextBox[] = [];
  const shapes: ShapeBox[] = [];
  const graphStart = svg.indexOf('<g id="graph0"');
  const firstGroup = svg.indexOf('<g id="', graphStart + 1);
  for (const m of svg.slice(graphStart, firstGroup).matchAll(/(<text[^>]*>)([\s\S]*?)<\/text>/g)) texts.push(textBox(m[1]!, m[2]!, 'graph', 'graph'));
  for (const g of svg.matchAll(/<g id="[^"]*" class="(node|cluster|edge)">\s*<title>([\s\S]*?)<\/title>([\s\S]*?)<\/g>/g)) {
    const kind = g[1] as 'node' | 'cluster' | 'edge';
    const owner = `${kind} ${decode(g[2]!)}`;
    const body = g[3]!;
    for (const m of body.matchAll(/(<text[^>]*>)([\s\S]*?)<\/text>/g)) texts.push(textBox(m[1]!, m[2]!, owner, kind));
    if (kind === 'edge') continue;
    // The outline: the first path, polygon or ellipse of the group (a node's fill and border).
    const shape = /<(path|polygon|ellipse)\s[^>]*>/.exec(body);
    if (shape === null) continue;
    let box: Box | undefined;
    if (shape[1] === 'path') box = bboxOf(numbers(attr(shape[0], 'd') ?? ''));
    else if (shape[1] === 'polygon') box = bboxOf(numbers(attr(shape[0], 'points') ?? ''));
    else {
      const [cx, cy, rx, ry] = ['cx', 'cy', 'rx', 'ry'].map((a) => Number(attr(shape[0], a) ?? 0)) as [number, number, number, number];
      box = { x0: cx - rx, y0: cy - ry, x1: cx + rx, y1: cy + ry };
    }
    if (box) shapes.push({ ...box, owner, kind });
  }
  return { width: view[2] ?? 0, height: view[3] ?? 0, texts, shapes };
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Box, b: Box, gap: number): boolean => a.x0 >= b.x0 + gap && a.x1 <= b.x1 - gap && a.y0 >= b.y0 + gap && a.y1 <= b.y1 - gap;
const apart = (a: Box, b: Box, gap: number): boolean => a.x1 + gap <= b.x0 || b.x1 + gap <= a.x0 || a.y1 + gap <= b.y0 || b.y1 + gap <= a.y0;

/** Pairs of texts whose boxes overlap, said as `"a" (owner) × "b" (owner)`. */
export function overlappingTexts(layout: SvgLayout): string[] {
  const out: string[] = [];
  const { texts } = layout;
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (overlaps(texts[i]!, texts[j]!)) out.push(`"${texts[i]!.text}" (${texts[i]!.owner}) × "${texts[j]!.text}" (${texts[j]!.owner})`);
    }
  }
  return out;
}

/**
 * Texts closer than `gap` to an outline: a node's or cluster's own text must lie inside it with
 * that clearance; any other text must lie inside or outside every outline with that clearance
 * (an edge label straddling a cluster border, or a node text touching its subnet's edge, fails).
 */
export function textsTouchingBorders(layout: SvgLayout, gap: number): string[] {
  const out: string[] = [];
  for (const t of layout.texts) {
    for (const s of layout.shapes) {
      const own = t.owner === s.owner;
      const ok = own ? inside(t, s, gap) : inside(t, s, gap) || apart(t, s, gap);
      if (!ok) out.push(`"${t.text}" (${t.owner}) touches the border of ${s.owner}`);
    }
  }
  return out;
}
