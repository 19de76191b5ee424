// How day one reaches the servers: AWS delivery limits (user data, SSM parameters) and refarch's paths and waits on them.
// Re-exported by catalog.ts: import from './catalog' as before.
import type { Sourced } from './sourced';

/**
 * AWS limits the day-one delivery must fit (src/synth/site/day-one.ts, user-data.ts): user data is
 * counted raw, before base64; a Standard SSM parameter holds 4 KB and is free (a longer file is split
 * into several: an Advanced parameter's 8 KB is still too small for the largest Web Gateway file).
 */
export const DELIVERY_LIMITS: Sourced<{ readonly userDataBytes: number; readonly standardParameterBytes: number }> = {
  source:
    'Amazon EC2 User Guide, "Run commands when you launch an EC2 instance with user data input" (user data is limited to 16 KB, in raw form, before it is base64-encoded); AWS Systems Manager User Guide, "Managing parameter tiers" (Standard: 4 KB maximum value size, no additional charge; Advanced: 8 KB)',
  asOf: '2026-12',
  rows: { userDataBytes: 16384, standardParameterBytes: 4096 },
};

/**
 * Where day one puts things on an instance, and how long the boot script waits for what it needs.
 * The container user is the one InterSystems' IRIS images run as (irisowner, UID/GID 51773).
 */
export const DAY_ONE: Sourced<{
  readonly bootLog: string;
  readonly applyScript: string;
  readonly loader: string;
  readonly envFile: string;
  readonly stateFolder: string;
  readonly secretsFolder: string;
  readonly parameterPrefix: string;
  readonly containerName: string;
  /** docker stop --time: how long iris-main may take to shut the instance down before Docker kills it. */
  readonly containerStopSeconds: number;
  readonly containerUid: number;
  readonly containerUser: string;
  readonly kitInstallDir: string;
  readonly kitOwner: string;
  readonly kitUser: string;
  readonly fetchTries: number;
  readonly fetchSeconds: number;
  readonly privateRecordTtlSeconds: number;
}> = {
  source:
    'InterSystems IRIS "Running InterSystems Products in Containers" (irisowner UID 51773, iris-main --key and --password-file, ISC_DATA_DIRECTORY, graceful shutdown on SIGTERM: docker stop --time longer than the 10 s default; 300 s is a refarch choice); "Installation Guide: UNIX/Linux, unattended installation parameters" (ISC_PACKAGE_INSTANCENAME, _INSTALLDIR, _MGRUSER, _IRISUSER, _INITIAL_SECURITY, _USER_PASSWORD); refarch choices for paths and waits',
  asOf: '2026-12',
  rows: {
    bootLog: '/var/log/refarch-day-one.log',
    applyScript: '/opt/refarch/bin/refarch-apply',
    loader: '/opt/refarch/bin/refarch-day-one',
    envFile: '/opt/refarch/config/refarch.env',
    stateFolder: '/opt/refarch/state',
    secretsFolder: '/run',
    parameterPrefix: '/refarch',
    containerName: 'iris',
    containerStopSeconds: 300,
    containerUid: 51773,
    containerUser: 'irisowner',
    kitInstallDir: '/usr/irissys',
    kitOwner: 'irisowner',
    kitUser: 'irisusr',
    fetchTries: 120,
    fetchSeconds: 5,
    privateRecordTtlSeconds: 60,
  },
};
