// The raw spec's types are generated from the JSON Schema (scripts/gen-types.mjs); this file only names them.
export type {
  RefarchDeploymentSpecRefarchV1 as RawSpec,
  Network as RawNetwork,
  Web as RawWeb,
  Database as RawDatabase,
  Volume as RawVolume,
  Volumes as RawVolumes,
  ExtraVolume as RawExtraVolume,
  Product as RawProduct,
  Dr as RawDr,
  Image as RawImage,
} from './types.generated';
