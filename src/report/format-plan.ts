// Renders a Plan as an aligned terminal report or as Markdown. Both are built from one list of
// blocks (headings, lines, tables), so the two formats always say the same thing.
import { SSM_PARAMETER_LIMIT } from '../catalog/catalog';
import { formatCents, formatUnitPrice } from './money';
import type { Plan, PlanDnsStack, PlanInstance, PlanLinkStack, PlanQuota, PlanSiteStack, PlanVolume, StackPrices } from './plan';
import { markdownTable, styleFor, textTable, type Align } from './table';

type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'line'; readonly text: string; readonly dim?: boolean }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: ReadonlyArray<readonly string[]>; readonly align: readonly Align[]; readonly strong?: ReadonlySet<number> };

const num = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : n.toLocaleString('en-US'));

/** web_1, web_2, web_3 -> "web_1…web_3"; otherwise a short list. */
export function keyRange(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  if (keys.length === 1) return keys[0]!;
  const m = keys.map((k) => /^(.*_)(\d+)$/.exec(k));
  if (m.every((x) => x !== null && x[1] === m[0]![1])) {
    const nums = m.map((x) => Number(x![2]));
    if (nums.every((n, i) => i === 0 || n === nums[i - 1]! + 1)) return `${keys[0]}…${keys[keys.length - 1]}`;
  }
  return keys.length <= 3 ? keys.join(', ') : `${keys.slice(0, 2).join(', ')} +${keys.length - 2} more`;
}

function volumeRows(stack: PlanSiteStack): string[][] {
  const groups = new Map<string, { keys: string[]; volume: PlanVolume }>();
  for (const tier of stack.tiers) {
    for (const instance of tier.instances) {
      for (const v of instance.volumes) {
        const id = [tier.tier, instance.mirror ?? '', v.purpose, v.type, v.sizeGiB, v.iops, v.throughputMiBps].join('|');
        const g = groups.get(id);
        if (g) g.keys.push(instance.key);
        else groups.set(id, { keys: [instance.key], volume: v });
      }
    }
  }
  return [...groups.values()].map(({ keys, volume: v }) => [
    `${keys.length} × ${keyRange(keys)}`,
    v.purpose,
    v.type,
    num(v.sizeGiB),
    num(v.iops),
    num(v.throughputMiBps),
    v.mountPoint ?? '',
  ]);
}

function instanceRow(i: PlanInstance): string[] {
  return [i.tier, i.key, i.instanceType, i.az, i.role];
}

function siteBlocks(stack: PlanSiteStack, plan: Plan): Block[] {
  const out: Block[] = [];
  const capacity = stack.role === 'dr' ? `, capacity ${stack.capacity}` : '';
  out.push({ kind: 'heading', level: 2, text: `Stack ${stack.id}: ${stack.region} (priced at ${stack.prices.region} prices${stack.prices.approximate ? ', approximate' : ''})` });
  const egress = stack.egress === 'nat' ? `${stack.natGateways} NAT gateway${stack.natGateways === 1 ? '' : 's'}` : stack.egress === 'central' ? 'egress central (the network team\'s routes)' : 'no internet egress (VPC endpoints only)';
  const account = stack.account ? `; account ${stack.account}` : '';
  if (stack.network.kind === 'existing') {
    out.push({ kind: 'line', text: `Existing VPC ${stack.network.vpcId} (${stack.vpcCidr}) over ${stack.availabilityZones.join(', ')}, not created and not priced; ${egress}${capacity}${account}` });
    out.push({
      kind: 'table',
      headers: ['EXISTING SUBNET', 'ZONE', 'TIERS', 'FREE ADDRESSES NEEDED'],
      rows: stack.network.subnets.map((sub) => [sub.id, sub.az, sub.tiers.join(', '), num(sub.freeAddressesNeeded)]),
      align: ['left', 'left', 'left', 'right'],
    });
  } else {
    out.push({ kind: 'line', text: `VPC ${stack.vpcCidr} over ${stack.availabilityZones.join(', ')}; ${egress}${capacity}${account}` });
  }
  if (stack.egress !== 'nat' || stack.interfaceEndpoints.length !== 3) {
    out.push({ kind: 'line', text: stack.interfaceEndpoints.length > 0 ? `Interface VPC endpoints: ${stack.interfaceEndpoints.join(', ')}` : 'Interface VPC endpoints: the organisation\'s (endpoints: existing)' });
  }
  const instances = stack.tiers.flatMap((t) => t.instances);
  out.push({ kind: 'heading', level: 3, text: `Instances (${instances.length}: ${stack.tiers.map((t) => `${t.count} ${t.tier}`).join(', ')})` });
  out.push({ kind: 'table', headers: ['TIER', 'KEY', 'TYPE', 'AZ', 'ROLE'], rows: instances.map(instanceRow), align: [] });
  const clustered = instances.filter((i) => i.cluster.mirror !== null || i.cluster.ecp !== null);
  if (clustered.length > 0) {
    out.push({ kind: 'heading', level: 3, text: 'Mirror and ECP roles' });
    out.push({ kind: 'table', headers: ['KEY', 'HOST', 'MIRROR', 'ECP'], rows: clustered.map((i) => [i.key, i.hostName, i.cluster.mirror ?? '-', i.cluster.ecp ?? '-']), align: [] });
  }
  out.push({ kind: 'heading', level: 3, text: 'Volumes' });
  out.push({ kind: 'table', headers: ['INSTANCES', 'PURPOSE', 'TYPE', 'GiB', 'IOPS', 'MiB/s', 'MOUNT'], rows: volumeRows(stack), align: ['left', 'left', 'left', 'right', 'right', 'right'] });
  if (stack.loadBalancers.length > 0) {
    out.push({ kind: 'heading', level: 3, text: 'Load balancers' });
    out.push({
      kind: 'table',
      headers: ['NAME', 'TYPE', 'SCHEME', 'LISTENERS', 'TARGETS', 'PURPOSE'],
      rows: stack.loadBalancers.map((lb) => [lb.name, lb.type, lb.scheme, lb.listeners.join(', '), keyRange(lb.targets) || '-', lb.purpose]),
      align: [],
    });
  }
  if (stack.vpn) {
    out.push({ kind: 'heading', level: 3, text: 'VPN' });
    out.push({ kind: 'line', text: `Site-to-site VPN to customer gateway ${stack.vpn.customerGatewayIp} (BGP ASN ${stack.vpn.bgpAsn}); on-premises networks ${stack.vpn.onPremisesCidrs.join(', ')}` });
  }
  if (stack.quotas.length > 0) {
    out.push({ kind: 'heading', level: 3, text: `Service Quotas in ${stack.region}${stack.account !== null ? `, account ${stack.account}` : ''} (on top of what already runs there; past one, apply fails part-way)` });
    const amount = (q: PlanQuota): string => (q.unit === 'TiB' ? `${q.amount.toFixed(2)} TiB` : q.unit === 'count' ? num(q.amount) : `${num(q.amount)} ${q.unit === 'vCPU' ? 'vCPUs' : 'IOPS'}`);
    out.push({ kind: 'table', headers: ['SERVICE', 'CODE', 'QUOTA', 'NEEDS'], rows: stack.quotas.map((q) => [q.service, q.code, q.name, amount(q)]), align: ['left', 'left', 'left', 'right'] });
    // Standard SSM parameters are a hard limit per account and region, shared by the stacks there.
    const ssm = SSM_PARAMETER_LIMIT.rows;
    const sharing = plan.stacks.filter((s): s is PlanSiteStack => s.kind === 'site' && s.region === stack.region && s.account === stack.account);
    const parameters = sharing.reduce((n, s) => n + (s.quotas.find((q) => q.name === ssm.quota.name)?.amount ?? 0), 0);
    // Quotas are the account's per region: with another stack here (a same-region DR), say the sums once.
    if (sharing.length > 1 && sharing[sharing.length - 1] === stack) {
      const totals = new Map<string, PlanQuota>();
      for (const q of sharing.flatMap((s) => s.quotas)) {
        const prior = totals.get(q.name);
        totals.set(q.name, { ...q, amount: prior === undefined ? q.amount : q.unit === 'TiB' ? Math.round((prior.amount + q.amount) * 100) / 100 : prior.amount + q.amount });
      }
      out.push({ kind: 'line', text: `Together, ${sharing.map((s) => s.id).join(' and ')} in ${stack.region} need: ${[...totals.values()].map((q) => `${amount(q)} ${q.unit === 'count' ? q.name : `(${q.code})`}`).join('; ')}` });
    }
    if (parameters > ssm.standardParameters) {
      out.push({ kind: 'line', text: `Over a hard limit: ${sharing.map((s) => s.id).join(' and ')} need ${num(parameters)} Standard SSM parameters in ${stack.region}, and an account has ${num(ssm.standardParameters)} per region (not adjustable): apply fails; put the DR site in another region or account, or fewer servers in one` });
    }
  }
  out.push({ kind: 'heading', level: 3, text: 'Backups' });
  const b = stack.backup;
  if (b.members.length === 0) out.push({ kind: 'line', text: 'No mirror members in this stack.' });
  else {
    const method = b.method === 'snapshot' ? 'EBS snapshots (Data Lifecycle Manager, ExternalFreeze/Thaw)' : b.method === 'aws-backup' ? 'AWS Backup plan of the member instances (crash-consistent: no ExternalFreeze/Thaw)' : 'Caché Online Backup to an EFS share';
    out.push({
      kind: 'line',
      text: `${method}, daily at ${b.schedule} UTC, kept ${b.retainDays} days${b.copyToDr ? ', copied to the DR site' : ''}: ${keyRange(b.members)} (${num(b.volumesGiB)} GiB)`,
    });
  }
  out.push({ kind: 'heading', level: 3, text: `Alarms: ${stack.alarms.count}` });
  if (stack.alarms.basis.length > 0) out.push({ kind: 'list', items: stack.alarms.basis });
  return out;
}

function linkBlocks(stack: PlanLinkStack): Block[] {
  return [
    { kind: 'heading', level: 2, text: `Stack ${stack.id}: ${stack.peering ? 'inter-region VPC peering' : 'private zone associations (dr.link none)'}` },
    {
      kind: 'line',
      text: stack.peering
        ? `${stack.primaryRegion} ${stack.primaryVpcCidr} <-> ${stack.drRegion} ${stack.drVpcCidr} (async mirror traffic)`
        : `${stack.primaryRegion} ${stack.primaryVpcCidr} <-> ${stack.drRegion} ${stack.drVpcCidr}: routed by the network team; refarch associates each site's private zone with the other VPC`,
    },
  ];
}

function dnsBlocks(stack: PlanDnsStack): Block[] {
  return [
    { kind: 'heading', level: 2, text: `Stack ${stack.id}: Route 53 failover for ${stack.fqdn}` },
    {
      kind: 'line',
      text: stack.createZone
        ? `Hosted zone ${stack.zoneName} (created): after applying, delegate to it from the parent zone with the name servers of \`terraform output name_servers\``
        : `Hosted zone ${stack.zoneName} (existing, looked up)`,
    },
    { kind: 'heading', level: 3, text: 'DNS records' },
    { kind: 'table', headers: ['NAME', 'TYPE', 'FAILOVER', 'TARGET', 'HEALTH CHECK'], rows: stack.records.map((r) => [r.name, r.type, r.failover, r.target, r.healthCheck]), align: [] },
    { kind: 'heading', level: 3, text: 'Health checks' },
    {
      kind: 'table',
      headers: ['ID', 'TYPE', 'TARGET', 'REQUEST', 'EXPECTS'],
      rows: stack.healthChecks.map((c) => [c.id, c.type, c.target, `https :${c.port}${c.path}`, `"${c.searchString}"`]),
      align: [],
    },
  ];
}

/** "primary at eu-west-1 prices (bundled: <source>, as of <date>); not sourced there, us-east-1's used: ..." */
function pricesLine(id: string, p: StackPrices): string {
  const origin = p.origin === 'offer-files' ? 'AWS Price List offer files via refarch prices' : 'bundled';
  const missing = p.missing.length > 0 ? `; no ${p.region} figure for ${p.missing.join(', ')}: us-east-1's used (approximate)` : '';
  return `${id}: ${p.region} prices, ${origin}, as of ${p.asOf} (${p.source})${missing}`;
}

function costBlocks(plan: Plan): Block[] {
  const c = plan.cost;
  const out: Block[] = [];
  out.push({ kind: 'heading', level: 2, text: `Estimated monthly cost: ${c.approximate ? 'about ' : ''}${formatCents(c.monthlyCents, c.currency)}${c.approximate ? ' (approximate)' : ''}` });
  out.push({ kind: 'line', text: plan.priceSource.note });
  out.push({ kind: 'list', items: plan.stacks.flatMap((s) => (s.kind === 'link' ? [] : [pricesLine(s.id, s.prices)])) });
  const rows: string[][] = [];
  const strong = new Set<number>();
  const stacks = [...new Set(c.items.map((i) => i.stack))];
  for (const stack of stacks) {
    let subtotal = 0;
    for (const item of c.items.filter((i) => i.stack === stack)) {
      subtotal += item.monthlyCents;
      const price = `${formatUnitPrice(item.unitPrice, c.currency)}${item.approximate ? ` (${item.priceRegion})` : ''}`;
      rows.push([item.stack, item.tier, item.description, `${num(item.quantity)} ${item.unit}`, price, formatCents(item.monthlyCents, c.currency)]);
    }
    strong.add(rows.length);
    rows.push([stack, '', 'subtotal', '', '', formatCents(subtotal, c.currency)]);
  }
  strong.add(rows.length);
  rows.push(['', '', c.approximate ? 'TOTAL (approximate)' : 'TOTAL', '', '', formatCents(c.monthlyCents, c.currency)]);
  out.push({ kind: 'table', headers: ['STACK', 'TIER', 'ITEM', 'QUANTITY', 'UNIT PRICE', 'MONTHLY'], rows, align: ['left', 'left', 'left', 'right', 'right', 'right'], strong });
  const tiers = Object.entries(c.byTier);
  if (tiers.length > 0) {
    out.push({ kind: 'line', text: `By tier: ${tiers.map(([t, amount]) => `${t} ${formatCents(Math.round(amount * 100), c.currency)}`).join(', ')}` });
  }
  if (c.notEstimated.length > 0) {
    out.push({ kind: 'heading', level: 3, text: 'Not estimated (not in the total)' });
    out.push({ kind: 'list', items: c.notEstimated.map((n) => `${n.stack}: ${n.description}: ${n.reason}`) });
  }
  return out;
}

function planBlocks(plan: Plan): Block[] {
  const out: Block[] = [];
  out.push({ kind: 'heading', level: 1, text: `refarch plan: ${plan.name} (${plan.profile}, ${plan.model} model)` });
  out.push({ kind: 'line', text: `Stacks, in apply order: ${plan.stacks.map((s) => (s.kind === 'site' ? `${s.id} (${s.region})` : s.id)).join(', ')}` });
  for (const stack of plan.stacks) {
    if (stack.kind === 'site') out.push(...siteBlocks(stack, plan));
    else if (stack.kind === 'link') out.push(...linkBlocks(stack));
    else out.push(...dnsBlocks(stack));
  }
  out.push({ kind: 'heading', level: 2, text: `Regions touched: ${plan.regions.map((r) => r.region).join(', ')}` });
  out.push({ kind: 'table', headers: ['REGION', 'STACKS', 'CREATES'], rows: plan.regions.map((r) => [r.region, r.stacks.join(', '), r.creates.join('; ')]), align: [] });
  out.push(...costBlocks(plan));
  return out;
}

/** `columns`: the terminal's width; tables wider than it are truncated to fit. */
export function formatPlanText(plan: Plan, color: boolean, columns?: number): string {
  const style = styleFor(color);
  let out = '';
  for (const b of planBlocks(plan)) {
    switch (b.kind) {
      case 'heading':
        if (b.level === 1) out += `${style.bold(b.text)}\n`;
        else if (b.level === 2) out += `\n${style.bold(style.accent(`== ${b.text}`))}\n`;
        else out += `${style.bold(b.text)}\n`;
        break;
      case 'line':
        out += `${b.dim ? style.dim(b.text) : b.text}\n`;
        break;
      case 'list':
        out += b.items.map((i) => `  - ${i}\n`).join('');
        break;
      case 'table':
        out += textTable(b.headers, b.rows, { align: b.align, style, ...(b.strong ? { strong: b.strong } : {}), ...(columns !== undefined ? { maxWidth: columns } : {}) });
        break;
    }
  }
  return out;
}

export function formatPlanMarkdown(plan: Plan): string {
  const parts: string[] = [];
  for (const b of planBlocks(plan)) {
    switch (b.kind) {
      case 'heading':
        parts.push(`${'#'.repeat(b.level)} ${b.text}\n`);
        break;
      case 'line':
        parts.push(`${b.dim ? `_${b.text}_` : b.text}\n`);
        break;
      case 'list':
        parts.push(b.items.map((i) => `- ${i}`).join('\n') + '\n');
        break;
      case 'table':
        parts.push(
          markdownTable(
            b.headers,
            b.rows.map((r, i) => (b.strong?.has(i) ? r.map((cell) => (cell === '' ? '' : `**${cell}**`)) : r)),
            b.align,
          ),
        );
        break;
    }
  }
  return parts.join('\n');
}
