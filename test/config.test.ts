// The config stage: every instance's day-one configuration files, from the resolved model alone.
import { describe, expect, it } from 'vitest';
import { configFiles, gatewayFiles, mergeFiles } from '../src/config/config';
import { exampleModel, exampleText, modelOfText } from './helpers/models';

describe('config files', () => {
  it('one merge file per IRIS instance (members, app and print servers), one gateway file per web server, none for the arbiter', () => {
    const m = exampleModel('trakcare.yaml');
    const keys = mergeFiles(m).map((f) => `${f.site}/${f.instanceKey}:${f.role}`);
    expect(keys).toContain('primary/db_trakcare_primary:mirror-primary');
    expect(keys).toContain('primary/db_trakcare_backup:mirror-backup');
    expect(keys).toContain('dr/db_trakcare_async_1:mirror-drasync');
    expect(keys).toContain('primary/app_1:ecp-app');
    expect(keys).toContain('primary/print_1:ecp-print');
    expect(keys.some((k) => k.includes('arbiter'))).toBe(false);
    expect(gatewayFiles(m).map((f) => `${f.site}/${f.instanceKey}`)).toEqual(['primary/web_1', 'primary/web_2', 'primary/web_3', 'dr/web_1', 'dr/web_2']);
    for (const f of mergeFiles(m)) expect(f.path).toBe('/opt/refarch/config/merge.cpf');
  });

  it('none at all on Caché or when configuration is turned off', () => {
    expect(configFiles(modelOfText(`${exampleText('minimal.yaml')}software: { platform: cache }\n`))).toEqual([]);
    expect(configFiles(modelOfText(`${exampleText('minimal.yaml')}software: { configure: false }\n`))).toEqual([]);
    expect(configFiles(exampleModel('minimal.yaml')).length).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(configFiles(exampleModel('trakcare.yaml'))).toEqual(configFiles(exampleModel('trakcare.yaml')));
  });
});
