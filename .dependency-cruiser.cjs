// The layering of src/, enforced in `npm test` (test/layering.test.ts). The pipeline runs one way:
//
//   load -> validate -> resolve -> config -> synth | report | author | emit -> cli
//
// config (the day-one configuration files of each instance) reads the resolved model only, so
// synth (user data), report (plan roles) and cli (`refarch config`) may all use it.
// over shared vocabulary that every stage may use: catalog (facts), model (the resolved types, and
// diagnostics.ts: what a problem looks like, which load reports too), spec (the raw spec's types),
// util. A stage may import an earlier stage, never a later one. One composition point
// is named: validate/validate.ts runs schema -> resolve -> semantic rules, because the rules check
// the resolved model, so it alone in validate/ imports resolve.
const SHARED = '^src/(catalog|model|spec|util)/';
const LATER = {
  load: '^src/(validate|resolve|config|synth|report|author|emit|cli)/',
  validate: '^src/(resolve|config|synth|report|author|emit|cli)/',
  resolve: '^src/(load|validate|config|synth|report|author|emit|cli)/',
  // Configuration is a pure function of the resolved model: it needs no earlier stage's code.
  config: '^src/(load|validate|resolve|synth|report|author|emit|cli)/',
  synth: '^src/(validate|report|author|emit|cli)/',
  report: '^src/(author|emit|cli)/',
  // Authoring tools (init, import-icm) write specs: they may validate what they write, not render.
  author: '^src/(synth|report|emit|cli)/',
  emit: '^src/(validate|synth|report|author|cli)/',
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or loaded without the other.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-is-shared',
      severity: 'error',
      comment: 'catalog, model, spec, util and diagnostics are vocabulary every stage uses; they depend on no stage.',
      from: { path: SHARED },
      to: { path: '^src/(load|validate|resolve|config|synth|report|author|emit|cli)/', pathNot: SHARED },
    },
    ...Object.entries(LATER).map(([stage, later]) => ({
      name: `${stage}-imports-no-later-stage`,
      severity: 'error',
      comment: `${stage} runs before ${later}; importing a later stage would run the pipeline backwards.`,
      from: { path: `^src/${stage}/`, pathNot: stage === 'validate' ? '^src/validate/validate\\.ts$' : undefined },
      to: { path: later, pathNot: SHARED },
    })),
    {
      name: 'validate-composes-resolve-only',
      severity: 'error',
      comment: 'validate/validate.ts may import resolve (the rules check the resolved model), nothing later.',
      from: { path: '^src/validate/validate\\.ts$' },
      to: { path: '^src/(config|synth|report|emit|cli)/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'The command line is the last stage: the library and the stages never depend on it.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cdktf-only-in-synth',
      severity: 'error',
      comment: 'cdktf and the provider bindings cost ~0.3 s and 60 MB to load: only the synthesizer may, so validate, plan and diagram never pay for them.',
      from: { path: '^src/', pathNot: '^src/synth/' },
      to: { path: 'node_modules/(cdktf|@cdktf|constructs)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'bindings-through-one-module',
      severity: 'error',
      comment: 'Every cdktf and provider import goes through src/synth/cdktf.ts (deep paths only; a move to cdktn is one file).',
      from: { path: '^src/synth/', pathNot: '^src/synth/cdktf\\.ts$' },
      to: { path: 'node_modules/(cdktf|@cdktf)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.generated\\.ts$' },
  },
};
