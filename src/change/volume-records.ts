// When refarch last changed each database volume, kept in the output folder's manifest.json
// (`refarch.volumes`), so that `refarch diff --out <dir>` can warn (change.volume-modify-wait)
// before a second modification within six hours, which EBS refuses.
//
// refarch never sees `terraform apply` run, so the time recorded is that of the synth that
// changed the volume's settings (type, size, IOPS, throughput): written when synth replaces an
// output whose manifest records other settings for the volume, carried over unchanged otherwise.
// A first synth (no previous manifest) records settings only, no time: its output stays
// byte-for-byte the same for the same spec. Apply soon after synth, or the window is understated.
import type { DeploymentModel } from '../model/model';
import { sites } from '../model/model';

/** EBS: "After modifying a volume, you must wait at least six hours ... before applying further modifications to the same volume" (EC2 User Guide, "Requirements for EBS volume modifications", read 2026-12-07). */
export const EBS_MODIFICATION_WAIT_HOURS = 6;

export interface VolumeRecord {
  /** type, size, IOPS, throughput, as one comparable line. */
  readonly settings: string;
  /** ISO time of the synth that changed the settings (absent: unchanged since the volume was created). */
  readonly modifiedAt?: string;
}

export type VolumeRecords = Readonly<Record<string, VolumeRecord>>;

export const volumeRecordKey = (stack: string, instance: string, purpose: string): string => `${stack}/${instance}/${purpose}`;

function settingsOf(v: { type: string; sizeGiB: number; iops: number | undefined; throughputMiBps: number | undefined }): string {
  return `${v.type} ${v.sizeGiB} GiB${v.iops !== undefined ? ` ${v.iops} IOPS` : ''}${v.throughputMiBps !== undefined ? ` ${v.throughputMiBps} MiB/s` : ''}`;
}

/** The records for `model`'s volumes, given the previous output's records. */
export function volumeRecords(model: DeploymentModel, previous: VolumeRecords | undefined, now: Date): Record<string, VolumeRecord> {
  const out: Record<string, VolumeRecord> = {};
  for (const site of sites(model)) {
    for (const inst of site.instances) {
      for (const v of inst.volumes) {
        const key = volumeRecordKey(site.stackId, inst.key, v.purpose);
        const settings = settingsOf(v);
        const prior = previous?.[key];
        out[key] = prior === undefined ? { settings } : prior.settings === settings ? prior : { settings, modifiedAt: now.toISOString() };
      }
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** `refarch.volumes` of a parsed manifest.json, when it is there. */
export function recordsOfManifest(manifest: unknown): VolumeRecords | undefined {
  const v = (manifest as { refarch?: { volumes?: unknown } } | undefined)?.refarch?.volumes;
  return v !== null && typeof v === 'object' ? (v as VolumeRecords) : undefined;
}

/** `refarch.deployment` of a parsed manifest.json. */
export function deploymentOfManifest(manifest: unknown): string | undefined {
  const d = (manifest as { refarch?: { deployment?: unknown } } | undefined)?.refarch?.deployment;
  return typeof d === 'string' ? d : undefined;
}
