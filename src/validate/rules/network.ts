// Regions, availability zones and CIDR blocks: what the patterns of the schema cannot check.
import { DEFAULTS, REGIONS } from '../../catalog/catalog';
import type { SpecPath } from '../../model/model';
import { blockSize, formatCidr, isNetworkAddress, overlaps, parseCidr, type Ipv4Block } from '../../util/cidr';
import { nearestMany } from '../../util/text';
import type { Finding } from '../../model/diagnostics';
import type { Rule, RuleContext } from './rule';
import { error, warning } from './util';

const D = DEFAULTS.rows;

function knownRegion(region: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(REGIONS.rows, region) ? REGIONS.rows[region] : undefined;
}

/** The zone lists to check, each with the region it must belong to. */
function zoneLists({ spec }: RuleContext): Array<{ region: string | undefined; zones: readonly string[]; path: SpecPath; label: string }> {
  const out: Array<{ region: string | undefined; zones: readonly string[]; path: SpecPath; label: string }> = [];
  // In the hybrid model the top-level zones are ignored (model.hybrid-primary-fields says so).
  if ((spec.model ?? D.model) === 'cloud' && spec.availabilityZones) out.push({ region: spec.region, zones: spec.availabilityZones, path: ['availabilityZones'], label: 'primary region' });
  if (spec.dr) out.push({ region: spec.dr.region, zones: spec.dr.availabilityZones, path: ['dr', 'availabilityZones'], label: 'DR region' });
  return out;
}

export const zoneRule: Rule = {
  ids: ['az.duplicate', 'az.region', 'az.unknown-letter', 'az.count'],
  description: 'Availability zones are distinct, belong to their region, are zones the catalog knows, and a cloud-model mirror has three.',
  check(context) {
    const out: Finding[] = [];
    for (const { region, zones, path, label } of zoneLists(context)) {
      const letters = region === undefined ? undefined : knownRegion(region);
      const valid = region === undefined ? [] : (letters ?? ['a', 'b', 'c']).map((l) => `${region}${l}`);
      zones.forEach((zone, i) => {
        const first = zones.indexOf(zone);
        if (first < i) {
          out.push(error('az.duplicate', [...path, i], `zone "${zone}" is listed twice (entries ${first + 1} and ${i + 1})`, `list each zone once${valid.length > 0 ? `; zones of ${region}: ${valid.join(', ')}` : ''}`));
          return;
        }
        if (region === undefined) return;
        const zoneRegion = zone.slice(0, -1);
        const letter = zone.slice(-1);
        if (zoneRegion !== region) {
          out.push(
            error(
              'az.region',
              [...path, i],
              `zone "${zone}" is in ${zoneRegion}, not in the ${label} ${region}`,
              `use a zone of ${region}: ${valid.filter((v) => !zones.includes(v)).join(', ') || valid.join(', ')}`,
            ),
          );
        } else if (letters !== undefined && !letters.includes(letter)) {
          out.push(
            warning(
              'az.unknown-letter',
              [...path, i],
              `zone "${zone}" is not one the catalog knows for ${region} (${letters.map((l) => `${region}${l}`).join(', ')})`,
              `check the zones your account sees with \`aws ec2 describe-availability-zones --region ${region}\``,
            ),
          );
        }
      });
    }
    const { spec } = context;
    if ((spec.model ?? D.model) === 'cloud' && spec.availabilityZones && new Set(spec.availabilityZones).size < 3) {
      const region = spec.region ?? 'the region';
      const distinct = new Set(spec.availabilityZones).size;
      out.push(
        error(
          'az.count',
          ['availabilityZones'],
          `the cloud model needs 3 distinct zones (primary, backup, arbiter), but only ${distinct} ${distinct === 1 ? 'is' : 'are'} given`,
          `add a third zone of ${region}${spec.region && knownRegion(spec.region) ? ` (${knownRegion(spec.region)!.map((l) => `${spec.region}${l}`).filter((z) => !spec.availabilityZones!.includes(z)).join(', ')})` : ''}`,
        ),
      );
    }
    return out;
  },
};

export const regionRule: Rule = {
  ids: ['region.unknown'],
  description: 'Regions are ones the catalog knows (its zone table is what zones are checked against).',
  check({ spec }) {
    const out: Finding[] = [];
    const regions: Array<[string | undefined, SpecPath]> = [
      [spec.region, ['region']],
      [spec.dr?.region, ['dr', 'region']],
      [spec.state?.region, ['state', 'region']],
    ];
    for (const [region, path] of regions) {
      if (region === undefined || knownRegion(region) !== undefined) continue;
      const near = nearestMany(region, Object.keys(REGIONS.rows), 3);
      out.push(
        warning('region.unknown', path, `region "${region}" is not in the catalog`, `check the name (nearest known: ${near.join(', ')}); zones in an unknown region are not checked`),
      );
    }
    return out;
  },
};

export const drPlacementRule: Rule = {
  ids: ['dr.same-region', 'dr.async-zones'],
  description: 'The DR site is in another region than the primary, and its async members each get a zone.',
  check({ spec, model }) {
    const out: Finding[] = [];
    const dr = spec.dr;
    if (dr === undefined) return out;
    if ((spec.model ?? D.model) === 'cloud' && spec.region !== undefined && dr.region === spec.region) {
      out.push(
        warning(
          'dr.same-region',
          ['dr', 'region'],
          `the DR site is in the primary region ${spec.region}: a regional outage takes both down (only separate zones protect it)`,
          'put the DR site in another region',
        ),
      );
    }
    const asyncMembers = dr.asyncMembers ?? D.drAsyncMembers[model.topology];
    const zones = new Set(dr.availabilityZones).size;
    if (asyncMembers > zones) {
      out.push(
        warning(
          'dr.async-zones',
          dr.asyncMembers !== undefined ? ['dr', 'asyncMembers'] : ['dr', 'availabilityZones'],
          `${asyncMembers} async members per mirror but ${zones} DR zones: members would share a zone`,
          `list ${asyncMembers} zones in dr.availabilityZones or set dr.asyncMembers to ${zones}`,
        ),
      );
    }
    return out;
  },
};

/** Why a CIDR text is not a valid network block, or undefined when it is one. */
export function cidrProblem(text: string): { message: string; fix: string } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return { message: `"${text}" is not an IPv4 CIDR block`, fix: 'write it as a.b.c.d/n, for example 10.10.0.0/16' };
  const octets = m.slice(1, 5);
  const bad = octets.find((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')));
  if (bad !== undefined) {
    return Number(bad) > 255
      ? { message: `"${text}" has the octet ${bad}, above 255`, fix: 'each of the four numbers is 0 to 255' }
      : { message: `"${text}" has the octet ${bad} with a leading zero (read as octal by some tools)`, fix: `write ${Number(bad)}` };
  }
  const prefix = m[5]!;
  if (Number(prefix) > 32 || (prefix.length > 1 && prefix.startsWith('0'))) return { message: `"${text}" has the prefix /${prefix}; IPv4 prefixes are /0 to /32`, fix: 'use a prefix from 0 to 32' };
  if (!isNetworkAddress(text)) {
    const block = parseCidr(text);
    const network = block ? formatCidr(block) : undefined;
    return { message: `"${text}" has host bits set${network ? `: its network address is ${network}` : ''}`, fix: network ? `write ${network}` : 'zero the host bits' };
  }
  return undefined;
}

interface CidrField {
  readonly text: string;
  readonly path: SpecPath;
  readonly label: string;
}

function cidrFields({ spec }: RuleContext): CidrField[] {
  const out: CidrField[] = [];
  if (spec.network?.vpcCidr !== undefined) out.push({ text: spec.network.vpcCidr, path: ['network', 'vpcCidr'], label: 'primary VPC' });
  if (spec.dr?.vpcCidr !== undefined) out.push({ text: spec.dr.vpcCidr, path: ['dr', 'vpcCidr'], label: 'DR VPC' });
  (spec.network?.adminCidrs ?? []).forEach((text, i) => out.push({ text, path: ['network', 'adminCidrs', i], label: 'admin network' }));
  (spec.network?.clientCidrs ?? []).forEach((text, i) => out.push({ text, path: ['network', 'clientCidrs', i], label: 'client network' }));
  (spec.onPremises?.cidrs ?? []).forEach((text, i) => out.push({ text, path: ['onPremises', 'cidrs', i], label: 'on-premises network' }));
  return out;
}

/** RFC 1918 private ranges, where a free VPC block is looked for. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);

/** A private block of the same size as `block` that overlaps none of `taken`: the next one after it first. */
function freeBlockLike(block: Ipv4Block, taken: readonly Ipv4Block[]): string | undefined {
  const size = blockSize(block);
  const home = PRIVATE_RANGES.find((r) => block.prefix >= r.prefix && overlaps(r, block));
  const ranges = home ? [home, ...PRIVATE_RANGES.filter((r) => r !== home)] : PRIVATE_RANGES;
  for (const range of ranges) {
    if (block.prefix < range.prefix) continue;
    const count = Math.min(blockSize(range) / size, 4096);
    const first = range === home ? (block.start - range.start) / size + 1 : 0;
    for (let k = 0; k < count; k++) {
      const candidate: Ipv4Block = { start: range.start + ((first + k) % count) * size, prefix: block.prefix };
      if (!taken.some((t) => overlaps(t, candidate)) && !overlaps(candidate, block)) return formatCidr(candidate);
    }
  }
  return undefined;
}

export const cidrRule: Rule = {
  ids: ['cidr.invalid', 'cidr.vpc-size', 'cidr.overlap', 'cidr.admin-open'],
  description: 'CIDR blocks are network addresses, VPCs are /16 to /24, and the primary VPC, DR VPC and on-premises networks do not overlap.',
  check(context) {
    const { spec } = context;
    const out: Finding[] = [];
    const invalid = new Set<string>();
    for (const field of cidrFields(context)) {
      const problem = cidrProblem(field.text);
      if (problem) {
        invalid.add(field.path.join('/'));
        out.push(error('cidr.invalid', field.path, `${field.label} ${problem.message}`, problem.fix));
      }
    }
    const model = spec.model ?? D.model;
    // VPC sizes: subnets are 16 equal blocks (prefix + 4), and AWS subnets are /16 to /28.
    const vpcs: Array<{ text: string; path: SpecPath; label: string; written: boolean }> = [];
    if (model === 'cloud') vpcs.push({ text: spec.network?.vpcCidr ?? D.vpcCidr, path: ['network', 'vpcCidr'], label: 'primary VPC', written: spec.network?.vpcCidr !== undefined });
    if (spec.dr) vpcs.push({ text: spec.dr.vpcCidr ?? D.drVpcCidr, path: ['dr', 'vpcCidr'], label: 'DR VPC', written: spec.dr.vpcCidr !== undefined });
    for (const vpc of vpcs) {
      if (invalid.has(vpc.path.join('/'))) continue;
      const block = parseCidr(vpc.text);
      if (block === undefined) continue;
      if (block.prefix < 16 || block.prefix > 24) {
        out.push(
          error(
            'cidr.vpc-size',
            vpc.path,
            `${vpc.label} ${vpc.text} is a /${block.prefix}; a VPC is /16 to /24 (its 16 subnets are /${block.prefix + 4}, and AWS subnets are /16 to /28)`,
            `use a prefix from /16 to /24, for example ${formatCidr({ start: block.start - (block.start % 2 ** 16), prefix: 16 })}`,
            { value: block.prefix, limit: { min: 16, max: 24 }, unit: 'prefix length' },
          ),
        );
      }
    }
    // Overlaps: the DR VPC is the one to move (the primary VPC and on-premises networks exist first).
    const dr = vpcs.find((v) => v.label === 'DR VPC');
    const drBlock = dr && !invalid.has(dr.path.join('/')) ? parseCidr(dr.text) : undefined;
    if (dr && drBlock) {
      const others: Array<{ text: string; label: string; block: Ipv4Block }> = [];
      const primary = vpcs.find((v) => v.label === 'primary VPC');
      if (primary && !invalid.has(primary.path.join('/'))) {
        const block = parseCidr(primary.text);
        if (block) others.push({ text: primary.text, label: `the primary VPC${primary.written ? '' : ' (default)'}`, block });
      }
      if (model === 'hybrid') {
        (spec.onPremises?.cidrs ?? []).forEach((text, i) => {
          const block = invalid.has(['onPremises', 'cidrs', i].join('/')) ? undefined : parseCidr(text);
          if (block) others.push({ text, label: 'the on-premises network', block });
        });
      }
      const clashing = others.filter((o) => overlaps(o.block, drBlock));
      if (clashing.length > 0) {
        const free = freeBlockLike(drBlock, others.map((o) => o.block));
        out.push(
          error(
            'cidr.overlap',
            dr.path,
            `DR VPC ${dr.text}${dr.written ? '' : ' (default)'} overlaps ${clashing.map((c) => `${c.label} ${c.text}`).join(' and ')}; peering and VPN routes need distinct networks`,
            `set dr.vpcCidr to a block that overlaps none of them${free ? `, for example ${free}` : ''}`,
          ),
        );
      }
    }
    (spec.network?.adminCidrs ?? []).forEach((text, i) => {
      const block = parseCidr(text);
      if (block && block.prefix === 0 && !invalid.has(['network', 'adminCidrs', i].join('/'))) {
        // An error, not a warning: management ports open to the internet fail every policy
        // scanner (CKV_AWS_24/25/260/277) and no spec needs them; SSM reaches the servers anyway.
        out.push(
          error(
            'cidr.admin-open',
            ['network', 'adminCidrs', i],
            `admin network ${text} would open the management ports (SSH, Management Portal, superserver) to the whole internet`,
            'list the administrators\' networks only, or leave adminCidrs empty and manage the servers through SSM Session Manager',
          ),
        );
      }
    });
    return out;
  },
};
