// InterSystems IRIS facts: name limits, configuration merge vocabulary, memory, Web Gateway, mirroring, system names.
// Re-exported by catalog.ts: import from './catalog' as before.
import type { Sourced } from './sourced';

/** Limits InterSystems IRIS puts on names refarch derives (mirror names from the mirror sets). */
export const IRIS_NAME_LIMITS: Sourced<{ readonly mirrorName: number }> = {
  source:
    'InterSystems IRIS High Availability Guide, "Create a Mirror" (Mirror Name: up to 15 alphanumeric characters, converted to upper case); Configuration Parameter File Reference, [MirrorMember]/[Mirrors]',
  asOf: '2026-12',
  rows: { mirrorName: 15 },
};

/**
 * What refarch may write into a configuration merge file (a partial CPF with an [Actions]
 * section) and into the Web Gateway's CSP.ini, with the documentation each entry comes from.
 * test/config-allowlist.test.ts parses every generated file of every example against this table:
 * a section, key, action or action property not listed here fails the build.
 */
export interface MergeVocabulary {
  /** CPF update sections and the parameters refarch sets in them. `*` = any name (ECPServers entries are named by refarch). */
  readonly sections: Readonly<Record<string, readonly string[]>>;
  /** [Actions] parameters and the properties refarch passes to each. */
  readonly actions: Readonly<Record<string, readonly string[]>>;
  /** ConfigMirror Member= values (RACS ConfigMirror). */
  readonly mirrorMembers: readonly string[];
  /** CSP.ini sections: fixed names, and `<server>` / `APP_PATH:<path>` patterns, with their keys. */
  readonly gatewaySections: Readonly<Record<string, readonly string[]>>;
  /** Where each entry is documented (InterSystems doc keys). */
  readonly docs: Readonly<Record<string, string>>;
}

export const IRIS_MERGE: Sourced<MergeVocabulary> = {
  source:
    'InterSystems IRIS documentation: "Automating Configuration of InterSystems IRIS with Configuration Merge" (GCMF: merge file, ISC_CPF_MERGE_FILE, iris merge, "Deploy a Distributed Cache Cluster", "Mirror the Cluster\'s Data Server", ConfigMirror arguments); Configuration Parameter File Reference (RACS: [Actions] ConfigMirror, CreateDatabase, CreateNamespace, ModifyService, "Action Processing Order"; [config] globals, routines, gmheap, wijdir, MaxServerConn, MaxServers; [Journal] CurrentDirectory, AlternateDirectory; [ECPServers]; [Mirrors] fields m and p; [Databases] remote mirrored database :mirror:<mirror>:<db>); High Availability Guide (GHA "Configuring Application Server Connections to a Mirror": mirror connection to the primary failover member, not the VIP; "Mirror Traffic Compression"); Web Gateway Configuration Guide (GCGI CSP.ini reference: [SYSTEM_INDEX], [<server>], [APP_PATH_INDEX], [APP_PATH:<appPath>]; "Mirrored Configurations")',
  asOf: '2026-12',
  rows: {
    sections: {
      config: ['globals', 'routines', 'gmheap', 'wijdir', 'MaxServerConn', 'MaxServers'],
      Journal: ['CurrentDirectory', 'AlternateDirectory'],
      ECPServers: ['*'],
    },
    actions: {
      ConfigMirror: ['Name', 'Member', 'Primary', 'ArbiterURL', 'SystemName', 'SSLDir', 'UseSSL', 'CompressionForAsyncMembers', 'CompressionTypeForAsyncMembers'],
      ModifyMirror: ['Name', 'CompressionForAsyncMembers', 'CompressionTypeForAsyncMembers', 'ArbiterNode', 'ArbiterPort'],
      ModifySystem: ['Name', 'AutheEnabled'],
      CreateDatabase: ['Name', 'Directory', 'MirrorSetName', 'MirrorDBName', 'Server', 'LogicalOnly'],
      CreateNamespace: ['Name', 'Globals', 'Routines'],
      ModifyDatabase: ['Name', 'MirrorSetName', 'MirrorDBName'],
      ModifyService: ['Name', 'Enabled', 'AutheEnabled'],
    },
    mirrorMembers: ['primary', 'backup', 'drasync', 'rorasync', 'rwrasync', 'auto'],
    gatewaySections: {
      SYSTEM: ['RELOAD'],
      SYSTEM_INDEX: ['*'],
      '<server>': ['Ip_Address', 'TCP_Port', 'Mirror_Aware', 'Username', 'Password'],
      APP_PATH_INDEX: ['*'],
      'APP_PATH:<path>': ['Default_Server', 'Alternative_Servers', 'Alternative_Server_*'],
    },
    docs: {
      ConfigMirror: 'RACS_configmirror; GCMF "ConfigMirror Arguments" (Name, Member, Primary, SSLDir, ArbiterURL; SystemName and any MirrorInfo property of SYS.Mirror.CreateNewMirrorSet)',
      CompressionForAsyncMembers: 'RACS [Mirrors] field m: 0 System Selected, 1 Uncompressed, 2 Compressed; field p CompressionTypeForAsyncMembers: 0 ZLIB, 1 ZSTD, 2 LZ4; Config.Mirrors property inventory',
      CreateDatabase: 'RACS_createdatabase (Name, Directory; MirrorSetName and MirrorDBName for mirrored databases; Server and LogicalOnly=1 for remote databases on an ECP client)',
      CreateNamespace: 'RACS_createnamespace (Name, Globals; Routines defaults to Globals)',
      ModifyDatabase: 'RACS_modifydatabase; GCMF: adding a database to an existing mirror with MirrorSetName and MirrorDBName, on the running primary (HealthShare HSSYS, GHA)',
      ModifyService: 'GCMF "Deploy a Distributed Cache Cluster" (ModifyService:Name=%Service_ECP,Enabled=1 on the data server); GCMF "Security Macros" (AutheEnabled=$$$AutheOS...); RACS_modifyservice',
      ModifySystem: 'RACS_modifysystem (Security.System.Modify()); GCMF "Security Macros"',
      ModifyMirror: 'RACS_modifymirror (Config.Mirrors.Modify()): changes to an existing mirror, which ConfigMirror leaves alone (RACS_configmirror: "exit if the mirror already exists without updating any properties", except ArbiterURL "for the addition of an arbiter if one was not previously configured")',
      ArbiterNode: 'RACS [Mirrors] field j ArbiterNode (network address of the arbiter) and field k ArbiterPort (its ISCAgent port, 2188 by default): the Config.Mirrors properties ModifyMirror changes on an existing mirror',
      ECPServers: 'RACS_ecpservers_n: Name=Address,Port,MirrorConnection[,SSLConfig]; MirrorConnection 1 = mirror failover member (redirects to the primary), -1 = restricted to that failover or DR async member',
      config: 'RACS [config]: globals=0,0,<8 KB MB>,0,0,0; routines=<MB>; gmheap=<KB>; wijdir; MaxServerConn (all failover and DR members the same, GHA); MaxServers (default 2)',
      Journal: 'RACS [Journal] CurrentDirectory, AlternateDirectory',
      'CSP.ini': 'GCGI CSP.ini reference: [SYSTEM_INDEX] <server>=Enabled; [<server>] Ip_Address, TCP_Port, Mirror_Aware; [APP_PATH_INDEX] <path>=Enabled; [APP_PATH:<path>] Default_Server, Alternative_Servers=LoadBalancing, Alternative_Server_<n>=1~<server>',
    },
  },
};

/**
 * Day-one memory of an InterSystems IRIS instance, per role, from the instance type's memory.
 * InterSystems documents no fixed share: the installed default (database cache = 25% of physical
 * memory) "is not appropriate for production use", and the database cache should be "a significant
 * portion of your total system memory" (System Administration Guide, "Allocating Memory to the
 * Database and Routine Caches"; System Resource Planning and Management, "Shared Memory
 * Allocations"). refarch's rule: the database cache takes `globalsShare` of memory per role (data
 * servers most, since they hold the working set; ECP application and print servers less, since
 * their user processes need private memory), the routine cache and the shared memory heap follow
 * the documented automatic rules made explicit (routines 10% of the 8 KB cache within 80..1020 MB;
 * gmheap 3% of it within 300 MB..2 GB), and the documented estimate of total shared memory
 * (globals*1.08 + routines*1.02 + gmheap + jrnbufs + (MaxServers+MaxServerConn)*2 + 300 MB) stays
 * under `maxSharedShare` of memory on every catalogued type (a test checks).
 */
export const IRIS_MEMORY: Sourced<{
  readonly globalsShare: Readonly<Record<'data' | 'ecp', number>>;
  readonly routines: { readonly shareOfGlobals: number; readonly minMB: number; readonly maxMB: number };
  readonly gmheap: { readonly shareOfGlobals: number; readonly minKB: number; readonly maxKB: number };
  readonly jrnbufsMB: number;
  readonly fixedOverheadMB: number;
  readonly globalsOverhead: number;
  readonly routinesOverhead: number;
  readonly maxSharedShare: number;
  readonly maxServersDefault: number;
  readonly maxConnections: number;
}> = {
  source:
    'InterSystems IRIS System Administration Guide ("Allocating Memory to the Database and Routine Caches": 25% default not for production); System Resource Planning and Management ("Shared Memory Allocations", "Estimating Shared Memory Total"); Configuration Parameter File Reference ([config] routines: 10% of the 8 KB cache, 80..1020 MB; gmheap: 3% of global buffers, 307,200 KB..2,097,000 KB; jrnbufs default 64 MB; MaxServers default 2, MaxServerConn/MaxServers 0..254); globalsShare is refarch\'s rule',
  asOf: '2026-12',
  rows: {
    globalsShare: { data: 0.5, ecp: 0.3 },
    routines: { shareOfGlobals: 0.1, minMB: 80, maxMB: 1020 },
    gmheap: { shareOfGlobals: 0.03, minKB: 307200, maxKB: 2097000 },
    jrnbufsMB: 64,
    fixedOverheadMB: 300,
    globalsOverhead: 1.08,
    routinesOverhead: 1.02,
    maxSharedShare: 0.7,
    maxServersDefault: 2,
    maxConnections: 254,
  },
};

/** Web Gateway routing refarch writes for the web servers (the CSP application path and how requests are spread). */
export const WEB_GATEWAY: Sourced<{ readonly appPaths: readonly string[]; readonly alternativeServers: string }> = {
  source: 'InterSystems Web Gateway Configuration Guide, CSP.ini [APP_PATH:<appPath>] (Alternative_Servers: FailOver | LoadBalancing | Disabled); /csp is the default CSP application path',
  asOf: '2026-12',
  rows: { appPaths: ['/csp'], alternativeServers: 'LoadBalancing' },
};

/** Mirror settings refarch applies to every mirror it creates. */
export const IRIS_MIRROR: Sourced<{ readonly asyncCompression: number; readonly asyncCompressionType: number; readonly ecpService: string }> = {
  source:
    'InterSystems AWS reference architecture (2016): "Journal file compression and encryption is highly recommended to be configured with these DR Asynchronous mirror members"; RACS [Mirrors] m CompressionForAsyncMembers 2 = Compressed, p CompressionTypeForAsyncMembers 1 = ZSTD; GCMF (%Service_ECP enabled on the data server)',
  asOf: '2026-12',
  rows: { asyncCompression: 2, asyncCompressionType: 1, ecpService: '%Service_ECP' },
};

/**
 * Databases and namespaces every InterSystems IRIS instance already has: a day-one CreateDatabase
 * or CreateNamespace of one of these names is skipped (actions are idempotent), so an application
 * namespace of that name would silently stay the system's.
 */
export const IRIS_SYSTEM_NAMES: Sourced<readonly string[]> = {
  source: 'InterSystems IRIS Configuration Parameter File Reference, "Sample CPF" ([Databases] and [Namespaces] of a new instance); System Administration Guide, "System-Supplied Namespaces" and "Rules for Namespace Names"',
  asOf: '2026-12',
  rows: ['%SYS', 'USER', 'IRISSYS', 'IRISSECURITY', 'IRISLIB', 'IRISTEMP', 'IRISLOCALDATA', 'IRISAUDIT', 'ENSLIB', 'IRISMETRICS', 'HSLIB', 'HSSYS', 'HSCUSTOM'],
};
