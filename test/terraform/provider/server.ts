// The offline stand-in for registry.terraform.io/hashicorp/aws: a tfplugin6 gRPC server that
// Terraform attaches to through TF_REATTACH_PROVIDERS (no installation, no handshake, no TLS).
// Test tooling only: never imported from src/, never part of the published CLI.
// One process serves every Terraform command of a run, including concurrent ones: it keeps no
// state of its own apart from each connection's provider configuration (one gRPC connection per
// provider instance, so aliases with other regions or default tags stay apart).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { apply, DEFAULT_PROVIDER, deleteRefusal, plan, readData, validate, type AwsSchema, type BlockSchema, type Diagnostic, type ProviderConfig } from './logic';
import { decodeValue, encodeValue, isObj, type Value } from './values';

const here = __dirname;
export const SCHEMA_FILE = join(here, '..', 'aws-schema.json');
export const PROVIDER_ADDRESS = 'registry.terraform.io/hashicorp/aws';

interface DynamicValue { msgpack?: Buffer; json?: Buffer }
type Handler = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void;

const NESTING = { single: 1, list: 2, set: 3 } as const;
function schemaBlock(b: BlockSchema): unknown {
  return {
    version: 0,
    attributes: b.attributes.map((a) => ({ name: a.name, type: Buffer.from(JSON.stringify(a.type)), required: !!a.required, optional: !!a.optional, computed: !!a.computed })),
    block_types: b.block_types.map((nb) => ({ type_name: nb.name, nesting: NESTING[nb.nesting], min_items: nb.min_items, max_items: nb.max_items, block: schemaBlock(nb.block) })),
  };
}

function diag(d: Diagnostic): unknown {
  return { severity: d.severity === 'error' ? 1 : 2, summary: d.summary, detail: d.detail, attribute: d.path ? { steps: d.path.map((p) => ({ attribute_name: p })) } : undefined };
}

const dv = (v: Value): DynamicValue => ({ msgpack: encodeValue(v) });
const read = (v: DynamicValue | undefined): Value => decodeValue(v?.msgpack, v?.json);

export interface StandIn { server: grpc.Server; address: string; reattach: string; calls: Map<string, number>; close(): Promise<void> }

export async function startStandIn(opts: { schemaFile?: string; log?: (line: string) => void } = {}): Promise<StandIn> {
  const schema = JSON.parse(readFileSync(opts.schemaFile ?? SCHEMA_FILE, 'utf8')) as AwsSchema;
  const loaderOpts = { keepCase: true, longs: Number, enums: Number, defaults: false, oneofs: true };
  const tf = grpc.loadPackageDefinition(protoLoader.loadSync(join(here, 'tfplugin6-subset.proto'), loaderOpts)) as any;
  const gp = grpc.loadPackageDefinition(protoLoader.loadSync(join(here, 'go-plugin-subset.proto'), loaderOpts)) as any;

  const schemaResponse = {
    provider: { version: 0, block: schemaBlock(schema.provider) },
    resource_schemas: Object.fromEntries(Object.entries(schema.resources).map(([k, b]) => [k, { version: 0, block: schemaBlock(b) }])),
    data_source_schemas: Object.fromEntries(Object.entries(schema.data_sources).map(([k, b]) => [k, { version: 0, block: schemaBlock(b) }])),
    server_capabilities: { plan_destroy: true },
    diagnostics: [],
  };
  const configs = new Map<string, ProviderConfig>();
  const calls = new Map<string, number>();
  const providerOf = (call: grpc.ServerUnaryCall<any, any>): ProviderConfig => configs.get(call.getPeer()) ?? DEFAULT_PROVIDER;
  const resourceSchema = (type: string): BlockSchema => {
    const s = schema.resources[type];
    if (!s) throw new Error(`stand-in has no schema for resource type ${type}`);
    return s;
  };

  const wrap = (name: string, fn: (req: any, call: grpc.ServerUnaryCall<any, any>) => unknown): Handler => (call, cb) => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    try {
      cb(null, fn(call.request, call));
    } catch (e) {
      opts.log?.(`${name}: ${(e as Error).stack}`);
      cb(null, { diagnostics: [diag({ severity: 'error', summary: `stand-in provider failure in ${name}`, detail: String((e as Error).message) })] });
    }
  };

  const provider: Record<string, Handler> = {
    GetMetadata: wrap('GetMetadata', () => ({ server_capabilities: { plan_destroy: true }, diagnostics: [] })),
    GetProviderSchema: wrap('GetProviderSchema', () => schemaResponse),
    GetFunctions: wrap('GetFunctions', () => ({ diagnostics: [] })),
    ValidateProviderConfig: wrap('ValidateProviderConfig', () => ({ diagnostics: [] })),
    ValidateResourceConfig: wrap('ValidateResourceConfig', (req) => ({ diagnostics: validate(req.type_name, read(req.config)).map(diag) })),
    ValidateDataResourceConfig: wrap('ValidateDataResourceConfig', (req) => ({ diagnostics: validate(`data.${req.type_name}`, read(req.config)).map(diag) })),
    ConfigureProvider: wrap('ConfigureProvider', (req, call) => {
      const c = read(req.config);
      const cfg: ProviderConfig = { ...DEFAULT_PROVIDER, defaultTags: {} };
      if (isObj(c)) {
        if (typeof c['region'] === 'string') cfg.region = c['region'];
        const dt = c['default_tags'];
        const first = Array.isArray(dt) ? dt[0] : dt;
        if (isObj(first) && isObj(first['tags'])) cfg.defaultTags = first['tags'] as Record<string, string>;
      }
      configs.set(call.getPeer(), cfg);
      return { diagnostics: [] };
    }),
    UpgradeResourceState: wrap('UpgradeResourceState', (req) => {
      // What the stand-in stored is already in the current schema: handed back unchanged.
      resourceSchema(req.type_name);
      return { upgraded_state: { json: req.raw_state?.json ?? Buffer.from('null') }, diagnostics: [] };
    }),
    ReadResource: wrap('ReadResource', (req) => ({ new_state: req.current_state, private: req.private, diagnostics: [] })),
    PlanResourceChange: wrap('PlanResourceChange', (req, call) => {
      const r = plan(req.type_name, resourceSchema(req.type_name), read(req.prior_state), read(req.proposed_new_state), read(req.config), providerOf(call));
      return { planned_state: dv(r.planned), requires_replace: r.requiresReplace.map((p) => ({ steps: p.map((s) => ({ attribute_name: s })) })), planned_private: req.prior_private, diagnostics: [], legacy_type_system: true };
    }),
    ApplyResourceChange: wrap('ApplyResourceChange', (req, call) => {
      const planned = read(req.planned_state);
      const prior = read(req.prior_state);
      const refused = planned === null ? deleteRefusal(req.type_name, prior) : undefined;
      if (refused) return { new_state: dv(prior), private: req.planned_private, diagnostics: [diag(refused)], legacy_type_system: true };
      return { new_state: dv(apply(req.type_name, resourceSchema(req.type_name), planned, providerOf(call))), private: req.planned_private, diagnostics: [], legacy_type_system: true };
    }),
    ImportResourceState: wrap('ImportResourceState', () => ({ diagnostics: [diag({ severity: 'error', summary: 'Import is not supported by the offline stand-in provider', detail: '' })] })),
    ReadDataSource: wrap('ReadDataSource', (req, call) => {
      const s = schema.data_sources[req.type_name];
      if (!s) throw new Error(`stand-in has no schema for data source ${req.type_name}`);
      return { state: dv(readData(req.type_name, s, read(req.config), providerOf(call))), diagnostics: [] };
    }),
    StopProvider: wrap('StopProvider', () => ({})),
  };

  const server = new grpc.Server();
  server.addService(tf.tfplugin6.Provider.service, provider);
  // go-plugin side services: streams held open, nothing sent.
  server.addService(gp.plugin.GRPCStdio.service, { StreamStdio: () => undefined });
  server.addService(gp.plugin.GRPCBroker.service, { StartStream: (stream: grpc.ServerDuplexStream<any, any>) => { stream.on('data', () => undefined); stream.on('error', () => undefined); } });
  server.addService(gp.plugin.GRPCController.service, { Shutdown: (_c: unknown, cb: grpc.sendUnaryData<any>) => cb(null, {}) });

  // TCP on loopback: each provider instance's connection has its own peer port, which keys its
  // configuration (ConfigureProvider) for the plan and apply calls that follow.
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  const address = `127.0.0.1:${port}`;
  const reattach = JSON.stringify({ [PROVIDER_ADDRESS]: { Protocol: 'grpc', ProtocolVersion: 6, Pid: process.pid, Test: true, Addr: { Network: 'tcp', String: address } } });
  return {
    server, address, reattach, calls,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
