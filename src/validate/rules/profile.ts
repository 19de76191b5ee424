// Profile and deployment-model rules: which blocks belong to which profile and model, so nothing the
// user writes is silently ignored.
import { DEFAULTS } from '../../catalog/catalog';
import type { SpecPath } from '../../model/model';
import type { Finding } from '../../model/diagnostics';
import type { Rule } from './rule';
import { error, warning } from './util';

const D = DEFAULTS.rows;

export const profileRule: Rule = {
  ids: ['profile.print-trakcare-only', 'profile.products-required', 'profile.products-healthshare-only', 'product.duplicate', 'product.defaults-unused'],
  description: 'print is TrakCare only; products are required for HealthShare and only there; product names are unique; database defaults are used by some product.',
  check({ spec }) {
    const out: Finding[] = [];
    if (spec.print !== undefined && spec.profile !== 'trakcare') {
      out.push(
        error(
          'profile.print-trakcare-only',
          ['print'],
          `print servers are part of TrakCare only, but the profile is ${spec.profile}`,
          'remove the print block, or set profile: trakcare',
        ),
      );
    }
    if (spec.profile === 'healthshare' && spec.products === undefined) {
      out.push(
        error(
          'profile.products-required',
          ['products'],
          'the healthshare profile deploys one mirror per product, but no products are listed',
          'add products, for example products: [{ name: information-exchange }, { name: patient-index }]',
        ),
      );
    }
    if (spec.profile !== 'healthshare' && spec.products !== undefined) {
      out.push(
        error(
          'profile.products-healthshare-only',
          ['products'],
          `products are HealthShare mirrors, but the profile is ${spec.profile} (one mirror, configured under database)`,
          'remove products, or set profile: healthshare',
        ),
      );
    }
    (spec.products ?? []).forEach((product, i) => {
      const first = (spec.products ?? []).findIndex((p) => p.name === product.name);
      if (first < i) {
        out.push(
          error(
            'product.duplicate',
            ['products', i, 'name'],
            `product "${product.name}" is listed twice (products[${first}] and products[${i}]); each product names its own mirror`,
            'remove the duplicate or give it another name',
          ),
        );
      }
    });
    // HealthShare: database.instanceType and database.volumes are the products' defaults; when every
    // product sets its own, they decide nothing.
    const products = spec.products ?? [];
    if (spec.profile === 'healthshare' && products.length > 0) {
      const unused: Array<[unknown, SpecPath, 'instanceType' | 'volumes']> = [
        [spec.database?.instanceType, ['database', 'instanceType'], 'instanceType'],
        [spec.database?.volumes, ['database', 'volumes'], 'volumes'],
      ];
      for (const [value, path, field] of unused) {
        if (value === undefined || !products.every((p) => p[field] !== undefined)) continue;
        out.push(
          warning(
            'product.defaults-unused',
            path,
            `database.${field} is the default of products without their own ${field}, but every product sets its own; it is ignored`,
            `remove database.${field}, or remove ${field} from the products that should use it`,
          ),
        );
      }
    }
    return out;
  },
};

export const deploymentModelRule: Rule = {
  ids: ['model.cloud-needs-region', 'model.hybrid-needs-onpremises', 'model.hybrid-needs-dr', 'model.hybrid-primary-fields', 'model.onpremises-unused', 'model.arbiter-unused'],
  description: 'The cloud model has a region and zones; the hybrid model has onPremises and dr, and no primary-site fields it would ignore.',
  check({ spec }) {
    const out: Finding[] = [];
    const model = spec.model ?? D.model;
    if (model === 'cloud') {
      if (spec.region === undefined) {
        out.push(
          error('model.cloud-needs-region', ['region'], 'the cloud model needs the primary region', 'add region, for example region: eu-west-1 (or set model: hybrid for an on-premises primary)'),
        );
      }
      if (spec.availabilityZones === undefined) {
        const r = spec.region ?? 'eu-west-1';
        out.push(
          error(
            'model.cloud-needs-region',
            ['availabilityZones'],
            'the cloud model needs the availability zones of the primary region (primary, backup, arbiter)',
            `add availabilityZones, for example [${r}a, ${r}b, ${r}c]`,
          ),
        );
      }
      if (spec.onPremises !== undefined) {
        out.push(
          warning(
            'model.onpremises-unused',
            ['onPremises'],
            'onPremises is only used by the hybrid model; the cloud model ignores it (no VPN is created)',
            'remove onPremises, or set model: hybrid',
          ),
        );
      }
    } else {
      if (spec.onPremises === undefined) {
        out.push(
          error(
            'model.hybrid-needs-onpremises',
            ['onPremises'],
            'the hybrid model keeps the failover pair on premises and needs its networks and VPN device',
            'add onPremises with cidrs and vpn.customerGatewayIp',
          ),
        );
      }
      if (spec.dr === undefined) {
        out.push(
          error('model.hybrid-needs-dr', ['dr'], "the hybrid model's AWS site is the DR site, but dr is missing", 'add dr with region and availabilityZones (two zones for the two async members)'),
        );
      }
      const ignored: Array<[unknown, SpecPath, string]> = [
        [spec.region, ['region'], 'dr.region'],
        [spec.availabilityZones, ['availabilityZones'], 'dr.availabilityZones'],
        [spec.network?.vpcCidr, ['network', 'vpcCidr'], 'dr.vpcCidr'],
      ];
      for (const [value, path, instead] of ignored) {
        if (value === undefined) continue;
        out.push(
          error(
            'model.hybrid-primary-fields',
            path,
            `${path.join('.')} describes a primary site in AWS, which the hybrid model does not have; it would be ignored`,
            `remove it; the hybrid model's AWS site is configured under dr (${instead})`,
          ),
        );
      }
      if (spec.database?.mirror?.arbiter !== undefined) {
        out.push(
          warning(
            'model.arbiter-unused',
            ['database', 'mirror', 'arbiter'],
            'the hybrid model runs no arbiter in AWS (it belongs with the on-premises failover pair); this block is ignored',
            'remove database.mirror.arbiter',
          ),
        );
      }
    }
    return out;
  },
};
