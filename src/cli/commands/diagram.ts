import { buildGraph, COLLAPSE_ABOVE, PAGES, pageLayout, renderSvg, toDot, toMermaid, type DotOptions, type PageSize } from '../../report/diagram';
import { modelFromFile } from '../spec-input';
import { OutputFileError, writeFileAtomically } from '../../emit/emit';
import { EXIT, UsageError } from '../io';
import type { Command } from '../command';

const FORMATS = ['svg', 'mermaid', 'dot'] as const;
type Format = (typeof FORMATS)[number];

/** The format named by -o's extension when --format is left out. */
function formatFromFile(file: string | undefined): Format | undefined {
  if (file === undefined) return undefined;
  if (/\.svg$/i.test(file)) return 'svg';
  if (/\.(mmd|mermaid)$/i.test(file)) return 'mermaid';
  if (/\.(dot|gv)$/i.test(file)) return 'dot';
  return undefined;
}

export const diagramCommand: Command = {
  summary: 'draw the deployment (SVG, Mermaid or Graphviz DOT)',
  usage: [
    'Usage: refarch diagram <spec.yaml> [-o file] [--format svg|mermaid|dot] [--page a4|a3] [--verbose]',
    '',
    'Draws the deployment like the reference architecture\'s physical figures: regions, the VPC,',
    'one column per availability zone with a subnet per tier, load balancers, web/app/print servers,',
    'mirror members and the arbiter, VIP load balancers, DR async members, the on-premises site and',
    `VPN, and Route 53, with labelled edges. A tier with more than ${COLLAPSE_ABOVE} servers in a site is drawn`,
    'as one node ("app ×1000"). SVG is laid out by Graphviz (WebAssembly, no system install needed).',
    '',
    'Without -o the diagram goes to stdout; with -o it is written atomically. The format defaults to',
    'the extension of -o (.svg, .mmd/.mermaid, .dot/.gv), else svg.',
    '',
    'Edges within one row (mirrors, arbiter, VIP polling, async replication) are explained by the',
    'legend instead of a label on the edge.',
    '',
    '  --page a4|a3   lay out for a landscape sheet: the sites side by side or one above the other,',
    '                 whichever fits larger, scaled to fit inside a 0.4 inch margin (svg and dot)',
    '  --verbose      show what Graphviz said while laying out (e.g. "triangulation failed" when',
    '                 its edge router falls back to a simpler path for an edge)',
  ].join('\n'),
  options: { output: { type: 'string', short: 'o' }, format: { type: 'string' }, page: { type: 'string' }, verbose: { type: 'boolean', default: false } },
  optionValues: { format: FORMATS, page: Object.keys(PAGES) },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('diagram takes exactly one spec file');
    const output = values['output'] === undefined ? undefined : String(values['output']);
    const requested = values['format'] === undefined ? undefined : String(values['format']);
    if (requested !== undefined && !(FORMATS as readonly string[]).includes(requested)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${requested}"`);
    const implied = formatFromFile(output);
    if (output !== undefined && /\.(png|jpe?g|gif|webp|pdf|bmp|tiff?)$/i.test(output)) {
      throw new UsageError(`diagram writes SVG, Mermaid or DOT, not ${output.slice(output.lastIndexOf('.') + 1).toUpperCase()}; name the file .svg (convert it afterwards if you need ${output.slice(output.lastIndexOf('.'))})`);
    }
    if (output !== undefined && requested === undefined && implied === undefined) {
      throw new UsageError(`cannot tell the format from ${JSON.stringify(output)}: name it .svg, .mmd or .dot, or give --format svg|mermaid|dot`);
    }
    if (requested !== undefined && implied !== undefined && requested !== implied) {
      throw new UsageError(`--format ${requested} does not match ${JSON.stringify(output)}, which names ${implied}; change one of them`);
    }
    const format: Format = (requested as Format | undefined) ?? implied ?? 'svg';
    const pageName = values['page'] === undefined ? undefined : String(values['page']);
    if (pageName !== undefined && !Object.keys(PAGES).includes(pageName)) throw new UsageError(`--page must be one of ${Object.keys(PAGES).join(', ')}, not "${pageName}"`);
    if (pageName !== undefined && format === 'mermaid') throw new UsageError('--page lays out svg and dot; Mermaid lays itself out (leave --page out, or use --format svg)');
    const page = pageName as PageSize | undefined;
    const input = modelFromFile(positionals[0]!, io, 'no diagram was drawn');
    if (!input.ok) return input.code;
    const graph = buildGraph(input.model);
    const layout: DotOptions = page === undefined || format === 'mermaid' ? {} : await pageLayout(graph, page);
    let text: string;
    if (format === 'svg') {
      const rendered = await renderSvg(graph, layout);
      // Graphviz's own complaints (its edge router's "triangulation failed" among them) do not
      // change the drawing's content; they are shown only when asked for.
      if (values['verbose'] === true) for (const message of rendered.messages) io.err(`refarch: graphviz: ${message}\n`);
      text = rendered.svg;
    } else {
      text = format === 'dot' ? toDot(graph, layout) : toMermaid(graph);
    }
    if (output === undefined) {
      io.out(text.endsWith('\n') ? text : `${text}\n`);
      return EXIT.ok;
    }
    try {
      writeFileAtomically(require('node:path').resolve(io.cwd, output), text);
    } catch (error) {
      if (error instanceof OutputFileError || (error as NodeJS.ErrnoException).code !== undefined) {
        io.err(`refarch: cannot write ${output}: ${(error as Error).message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    io.err(`Wrote ${format} diagram to ${output}\n`);
    return EXIT.ok;
  },
};
