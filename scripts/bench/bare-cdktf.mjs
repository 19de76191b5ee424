// The engine's own floor for `npm run bench`: a bare cdktf program, no refarch code at all, that
// synthesizes the same resources refarch did, so refarch's synth time can be compared with what
// cdktf itself needs for that much Terraform.
//
//   node scripts/bench/bare-cdktf.mjs replay <plan.json> <outdir>
//       Rebuilds, stack by stack, every resource, data source, variable and output of a refarch
//       output (the plan is made by scripts/bench.mjs from cdktf.out before timing starts): the same
//       provider classes through the same deep imports, with the same bodies as constructor config
//       (keys camelCased; meta-arguments such as depends_on and provider dropped). Then app.synth().
//
//   node scripts/bench/bare-cdktf.mjs uniform <count> <outdir>
//       <count> aws_ssm_parameter resources with four attributes in one stack: the cheapest
//       resources cdktf can make, for a lower bound.
//
// Deep imports only (`@cdktf/provider-aws/lib/<resource>`), as refarch does: the package root
// would load all ~2,200 resource modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');

const [mode, arg, outdir] = process.argv.slice(2);
if (!['replay', 'uniform'].includes(mode) || !arg || !outdir) {
  process.stderr.write('usage: bare-cdktf.mjs replay <plan.json> <outdir> | uniform <count> <outdir>\n');
  process.exit(2);
}

const app = new App({ outdir, stackTraces: false, skipValidation: false });

if (mode === 'uniform') {
  const { SsmParameter } = require('@cdktf/provider-aws/lib/ssm-parameter');
  const stack = new TerraformStack(app, 'uniform');
  new LocalBackend(stack, { path: 'terraform.uniform.tfstate' });
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  for (let i = 0; i < Number(arg); i++) {
    new SsmParameter(stack, `p${i}`, { name: `/bench/p${i}`, type: 'String', value: `value-${i}`, tags: { index: String(i) } });
  }
} else {
  const plan = JSON.parse(readFileSync(arg, 'utf8'));
  /** The provider class of a resource or data source type, found by its tfResourceType. */
  const classes = new Map();
  const classFor = (module, type) => {
    const key = `${module}#${type}`;
    if (!classes.has(key)) {
      const exports = require(module);
      const found = Object.values(exports).find((value) => typeof value === 'function' && value.tfResourceType === type);
      if (!found) throw new Error(`no class for ${type} in ${module}`);
      classes.set(key, found);
    }
    return classes.get(key);
  };
  for (const planned of plan.stacks) {
    const stack = new TerraformStack(app, planned.id);
    new LocalBackend(stack, { path: `terraform.${planned.id}.tfstate` });
    new AwsProvider(stack, 'aws', { region: planned.region });
    for (const { module, type, name, config } of planned.items) {
      const Resource = classFor(module, type);
      const element = new Resource(stack, name, config);
      element.overrideLogicalId(name);
    }
    for (const { name, config } of planned.variables) new TerraformVariable(stack, name, config).overrideLogicalId(name);
    for (const { name, config } of planned.outputs) new TerraformOutput(stack, name, config).overrideLogicalId(name);
  }
}

app.synth();
