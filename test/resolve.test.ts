// The resolve stage: placement and sizing decisions the synthesized Terraform inherits.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeploymentModel } from '../src/model/model';
import { checkFile, checkText } from '../src/validate/validate';

function model(file: string): DeploymentModel {
  const result = checkFile(join(__dirname, '..', 'examples', file));
  if (!result.model) throw new Error(JSON.stringify(result.diagnostics));
  return result.model;
}

describe('placement', () => {
  it('puts the mirror primary in AZ 1, the backup in AZ 2 and the arbiter in AZ 3', () => {
    const primary = model('trakcare.yaml').primary!;
    const az = (key: string) => primary.instances.find((i) => i.key === key)!.az;
    expect([az('db_trakcare_primary'), az('db_trakcare_backup'), az('arbiter')]).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('spreads each front tier round-robin over the zones, so server N keeps its zone when the tier grows', () => {
    const primary = model('trakcare.yaml').primary!;
    expect(primary.instances.filter((i) => i.tier === 'app').map((i) => `${i.key}@${i.az}`)).toEqual([
      'app_1@eu-west-1a',
      'app_2@eu-west-1b',
      'app_3@eu-west-1c',
      'app_4@eu-west-1a',
    ]);
  });

  it('spreads the DR copies of HealthShare products over both DR zones, by product name (stable under reordering)', () => {
    const dr = model('healthshare.yaml').dr!;
    const asyncs = dr.instances.filter((i) => i.mirrorRole === 'async');
    expect(asyncs).toHaveLength(5);
    expect(new Set(asyncs.map((i) => i.az))).toEqual(new Set(['us-west-2a', 'us-west-2b']));
    const zoneOf = (m: DeploymentModel, mirror: string) => m.dr!.instances.find((i) => i.mirror === mirror && i.mirrorRole === 'async')!.az;
    const base = model('healthshare.yaml');
    const text = require('node:fs').readFileSync(join(__dirname, '..', 'examples', 'healthshare.yaml'), 'utf8') as string;
    const reordered = checkText(text.replace('  - name: patient-index\n', '').replace('  - name: health-connect\n', '  - name: health-connect\n  - name: patient-index\n')).model!;
    for (const mirror of ['patient-index', 'health-connect', 'information-exchange']) expect(zoneOf(reordered, mirror)).toBe(zoneOf(base, mirror));
  });

  it('hybrid: two async members in two zones and no failover pair or arbiter in AWS', () => {
    const m = model('hybrid-dr.yaml');
    expect(m.primary).toBeUndefined();
    const dbs = m.dr!.instances.filter((i) => i.tier === 'database' || i.tier === 'arbiter');
    expect(dbs.map((i) => `${i.mirrorRole}@${i.az}`)).toEqual(['async@eu-west-1a', 'async@eu-west-1b']);
  });
});

describe('DR capacity', () => {
  it('reduced keeps half the front servers (rounded up), one size smaller, never below large', () => {
    const m = model('trakcare.yaml');
    const count = (tier: string) => m.dr!.instances.filter((i) => i.tier === tier).length;
    expect([count('web'), count('app'), count('print')]).toEqual([2, 2, 1]);
    expect(m.dr!.instances.find((i) => i.tier === 'app')!.instanceType).toBe('m4.xlarge');
    expect(m.dr!.instances.find((i) => i.tier === 'web')!.instanceType).toBe('m4.large');
  });

  it('none keeps only the database', () => {
    expect(new Set(model('hybrid-dr.yaml').dr!.instances.map((i) => i.tier))).toEqual(new Set(['database']));
  });
});

describe('stable names and software (day one)', () => {
  it('gives every site a private zone and every instance a host name in it', () => {
    const m = model('trakcare.yaml');
    expect([m.primary!.privateZone.name, m.dr!.privateZone.name]).toEqual(['primary.trakcare-prod.internal', 'dr.trakcare-prod.internal']);
    for (const site of [m.primary!, m.dr!]) {
      for (const i of site.instances) expect(i.hostName).toBe(`${i.key.replace(/_/g, '-')}.${site.privateZone.name}`);
    }
    expect(new Set([...m.primary!.instances, ...m.dr!.instances].map((i) => i.hostName)).size).toBe(m.primary!.instances.length + m.dr!.instances.length);
  });

  it('names the mirror, its VIP, its primary and its arbiter as each site sees them', () => {
    const m = model('trakcare.yaml');
    const [p, d] = [m.primary!.mirrors[0]!, m.dr!.mirrors[0]!];
    expect(p).toMatchObject({
      irisName: 'TRAKCARE',
      vipHostName: 'vip-trakcare.primary.trakcare-prod.internal',
      primaryHostName: 'db-trakcare-primary.primary.trakcare-prod.internal',
      arbiterHostName: 'arbiter.primary.trakcare-prod.internal',
    });
    // The DR members join the primary site's primary, in the primary site's zone.
    expect(d).toMatchObject({ irisName: 'TRAKCARE', vipHostName: 'vip-trakcare.dr.trakcare-prod.internal', primaryHostName: p.primaryHostName, arbiterHostName: p.arbiterHostName });
    expect(m.primary!.instances.find((i) => i.key === 'db_trakcare_primary')!.hostName).toBe(p.primaryHostName);
  });

  it('fits HealthShare product names into IRIS mirror names (upper case, at most 15 letters and digits)', () => {
    const names = model('healthshare.yaml').primary!.mirrors.map((mm) => mm.irisName);
    expect(names).toEqual(['INFORMAEXCHANG', 'PATIENTINDEX', 'PERSONACOMMUNI', 'HEALTHINSIGHT', 'HEALTHCONNECT']);
    for (const n of names) expect(n).toMatch(/^[A-Z0-9]{1,15}$/);
  });

  it('hybrid: the DR members join the on-premises primary named in the spec, and have no arbiter', () => {
    const m = model('hybrid-dr.yaml');
    expect(m.dr!.mirrors[0]).toMatchObject({ primaryHostName: 'trakdb1.hospital.example.org', arbiterHostName: undefined });
    const text = require('node:fs').readFileSync(join(__dirname, '..', 'examples', 'hybrid-dr.yaml'), 'utf8') as string;
    const unnamed = checkText(text.replace(/^  primaryHost: .*\n/m, '')).model!;
    expect(unnamed.dr!.mirrors[0]!.primaryHostName).toBeUndefined();
  });

  it('no mirror VIP, no VIP host name', () => {
    const text = require('node:fs').readFileSync(join(__dirname, '..', 'examples', 'minimal.yaml'), 'utf8') as string;
    const m = checkText(`${text}database:\n  mirror:\n    vip: none\n`).model!;
    expect(m.primary!.mirrors[0]!.vipHostName).toBeUndefined();
  });

  it('software defaults: IRIS pre-installed on the image, instance IRIS, configured; cache or configure: false turn merging off', () => {
    const m = model('minimal.yaml');
    expect(m.software).toEqual({
      platform: 'iris',
      version: undefined,
      install: { kind: 'image' },
      instance: 'IRIS',
      secrets: { password: undefined, license: undefined, dr: { password: undefined, license: undefined } },
      configure: true,
      merge: true,
      configFolder: '/opt/refarch/config',
    });
    const text = require('node:fs').readFileSync(join(__dirname, '..', 'examples', 'minimal.yaml'), 'utf8') as string;
    expect(checkText(`${text}software: { platform: cache }\n`).model!.software.merge).toBe(false);
    expect(checkText(`${text}software: { configure: false }\n`).model!.software.merge).toBe(false);
    const container = checkText(`${text}software:\n  version: '2024.1'\n  install: { kind: container, image: containers.intersystems.com/intersystems/iris:2024.1 }\n`).model!.software;
    expect(container.install).toEqual({ kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' });
    expect(container.version).toBe('2024.1');
  });
});
