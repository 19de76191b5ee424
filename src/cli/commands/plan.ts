import { buildPlan } from '../../report/plan';
import { formatPlanMarkdown, formatPlanText } from '../../report/format-plan';
import { modelFromFile } from '../spec-input';
import { cachedPriceSource, priceCacheDir } from '../price-cache';
import { EXIT, UsageError } from '../io';
import type { Command } from '../command';

const FORMATS = ['table', 'json', 'markdown'] as const;

export const planCommand: Command = {
  summary: 'show what would be deployed and an estimated monthly cost (offline)',
  usage: [
    'Usage: refarch plan <spec.yaml> [--format table|json|markdown] [--cache-dir <dir>]',
    '',
    'Lists, per stack (primary, dr, link, dns) and tier, the instances, volumes, load balancers,',
    'DNS records, backups and alarm counts of the spec, and estimates the monthly on-demand cost',
    'with each stack at its own region\'s prices (730 hours a month; usage-based charges listed apart):',
    'the tables `refarch prices` cached from AWS\'s offer files when there are (--cache-dir, else',
    '$XDG_CACHE_HOME/refarch/prices), else the bundled, dated catalog tables. A figure a region lacks',
    'is priced at us-east-1\'s, said per stack, and the total is marked approximate.',
    'Reads nothing but the spec: no AWS credentials needed. Exit 0 ok, 1 invalid spec, 2 usage.',
  ].join('\n'),
  options: { format: { type: 'string', default: 'table' }, 'cache-dir': { type: 'string' } },
  optionValues: { format: FORMATS },
  run({ values, positionals }, io) {
    const format = String(values['format']);
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
    if (positionals.length !== 1) throw new UsageError('plan takes exactly one spec file');
    const input = modelFromFile(positionals[0]!, io, 'no plan was made');
    if (!input.ok) return input.code;
    const plan = buildPlan(input.model, { prices: cachedPriceSource(priceCacheDir(process.env, io.cwd, values['cache-dir'] as string | undefined), io.err) });
    if (format === 'json') io.out(`${JSON.stringify(plan, null, 2)}\n`);
    else if (format === 'markdown') io.out(formatPlanMarkdown(plan));
    else io.out(formatPlanText(plan, io.color, io.columns));
    return EXIT.ok;
  },
};
