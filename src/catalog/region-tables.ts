// Regions, their zones and where they are (legal areas for the DR residency rule): the tables.
// Re-exported by catalog.ts: import from './catalog' as before. Questions asked of them: regions.ts.
import type { Sourced } from './sourced';

/**
 * Availability zones per region, for the AZ-belongs-to-region rule (letters AWS offers to
 * accounts). Regions opened since 2019 all offer the letters a, b and c.
 */
export const REGIONS: Sourced<Readonly<Record<string, readonly string[]>>> = {
  source:
    'AWS regions and zones documentation (zone letters commonly offered; account mappings vary); AWS SDK partitions (region names); region launch announcements (ap-southeast-4 Melbourne 2023, il-central-1 Tel Aviv 2023, ca-west-1 Calgary 2023, mx-central-1 Mexico 2025, ap-southeast-5 Malaysia 2024, ap-southeast-7 Thailand 2025, ap-east-2 Taipei 2025, ap-southeast-6 New Zealand 2025)',
  asOf: '2026-12',
  rows: {
    'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
    'us-east-2': ['a', 'b', 'c'],
    'us-west-1': ['a', 'b', 'c'],
    'us-west-2': ['a', 'b', 'c', 'd'],
    'ca-central-1': ['a', 'b', 'd'],
    'eu-west-1': ['a', 'b', 'c'],
    'eu-west-2': ['a', 'b', 'c'],
    'eu-west-3': ['a', 'b', 'c'],
    'eu-central-1': ['a', 'b', 'c'],
    'eu-central-2': ['a', 'b', 'c'],
    'eu-north-1': ['a', 'b', 'c'],
    'eu-south-1': ['a', 'b', 'c'],
    'eu-south-2': ['a', 'b', 'c'],
    'ap-southeast-1': ['a', 'b', 'c'],
    'ap-southeast-2': ['a', 'b', 'c'],
    'ap-northeast-1': ['a', 'c', 'd'],
    'ap-northeast-2': ['a', 'b', 'c', 'd'],
    'ap-south-1': ['a', 'b', 'c'],
    'sa-east-1': ['a', 'b', 'c'],
    'me-central-1': ['a', 'b', 'c'],
    'af-south-1': ['a', 'b', 'c'],
    // Added for data residency (issue #12): the second region of a country, or the only region of
    // a jurisdiction health deployments are approved in.
    'ap-southeast-4': ['a', 'b', 'c'],
    'ca-west-1': ['a', 'b', 'c'],
    'il-central-1': ['a', 'b', 'c'],
    'ap-northeast-3': ['a', 'b', 'c'],
    'ap-south-2': ['a', 'b', 'c'],
    'ap-southeast-3': ['a', 'b', 'c'],
    'ap-southeast-5': ['a', 'b', 'c'],
    'ap-southeast-6': ['a', 'b', 'c'],
    'ap-southeast-7': ['a', 'b', 'c'],
    'ap-east-1': ['a', 'b', 'c'],
    'ap-east-2': ['a', 'b', 'c'],
    'me-south-1': ['a', 'b', 'c'],
    'mx-central-1': ['a', 'b', 'c'],
  },
};

/**
 * A legal area is the data-protection regime that governs personal (health) data stored in a
 * region: one statute or regulation, applying alike wherever the area reaches. Only the EU/EEA
 * spans several countries: the GDPR (Regulation (EU) 2016/679, Art. 3) applies directly in every
 * EU member state and, through EEA Joint Committee Decision 154/2018 (EEA Agreement Annex XI), in
 * Iceland, Liechtenstein and Norway, so replicating within it moves data under the same law.
 * Every other area is one country's own law (the UK GDPR and Data Protection Act 2018 since 2021,
 * Switzerland's FADP, HIPAA and state law in the US, PIPEDA in Canada, the Privacy Act 1988 in
 * Australia, Japan's APPI...). Adequacy decisions between areas (EU ↔ UK, EU → CH, EU → IL...)
 * make a transfer lawful but do not merge the areas: the transfer still needs its basis recorded,
 * which is what `dr.transferBasis` is for.
 */
export type LegalArea = 'EU/EEA' | 'UK' | 'CH' | 'US' | 'CA' | 'MX' | 'BR' | 'AU' | 'NZ' | 'JP' | 'KR' | 'IN' | 'SG' | 'ID' | 'MY' | 'TH' | 'HK' | 'TW' | 'IL' | 'AE' | 'BH' | 'ZA';

export interface RegionLocation {
  /** ISO 3166-1 alpha-2 code of the country the region's data centres are in. */
  readonly country: string;
  readonly countryName: string;
  readonly legalArea: LegalArea;
  /** The city or area in AWS's name for the region. */
  readonly city: string;
  /** Coordinates of that city, degrees (for the nearest-region rule of `init`). */
  readonly lat: number;
  readonly lon: number;
}

const at = (country: string, countryName: string, legalArea: LegalArea, city: string, lat: number, lon: number): RegionLocation => ({ country, countryName, legalArea, city, lat, lon });

/** Where each catalog region is, and under which legal area its data lies (see LegalArea). */
export const REGION_LOCATIONS: Sourced<Readonly<Record<string, RegionLocation>>> = {
  source:
    'AWS Regions list (region names and their city or country: "US East (N. Virginia)", "Europe (Zurich)"...); ISO 3166-1 alpha-2 country codes; city coordinates (GeoNames), rounded to 0.01 degree; EEA membership: EEA Agreement and EEA Joint Committee Decision 154/2018 (GDPR in the EEA)',
  asOf: '2026-12',
  rows: {
    'us-east-1': at('US', 'United States', 'US', 'N. Virginia', 39.04, -77.49),
    'us-east-2': at('US', 'United States', 'US', 'Ohio', 39.96, -83.0),
    'us-west-1': at('US', 'United States', 'US', 'N. California', 37.77, -122.42),
    'us-west-2': at('US', 'United States', 'US', 'Oregon', 45.84, -119.7),
    'ca-central-1': at('CA', 'Canada', 'CA', 'Montreal', 45.5, -73.57),
    'ca-west-1': at('CA', 'Canada', 'CA', 'Calgary', 51.05, -114.07),
    'mx-central-1': at('MX', 'Mexico', 'MX', 'Queretaro', 20.59, -100.39),
    'sa-east-1': at('BR', 'Brazil', 'BR', 'Sao Paulo', -23.55, -46.63),
    'eu-west-1': at('IE', 'Ireland', 'EU/EEA', 'Dublin', 53.35, -6.26),
    'eu-west-2': at('GB', 'United Kingdom', 'UK', 'London', 51.51, -0.13),
    'eu-west-3': at('FR', 'France', 'EU/EEA', 'Paris', 48.86, 2.35),
    'eu-central-1': at('DE', 'Germany', 'EU/EEA', 'Frankfurt', 50.11, 8.68),
    'eu-central-2': at('CH', 'Switzerland', 'CH', 'Zurich', 47.38, 8.54),
    'eu-north-1': at('SE', 'Sweden', 'EU/EEA', 'Stockholm', 59.33, 18.07),
    'eu-south-1': at('IT', 'Italy', 'EU/EEA', 'Milan', 45.46, 9.19),
    'eu-south-2': at('ES', 'Spain', 'EU/EEA', 'Aragon', 41.65, -0.89),
    'il-central-1': at('IL', 'Israel', 'IL', 'Tel Aviv', 32.09, 34.78),
    'me-south-1': at('BH', 'Bahrain', 'BH', 'Bahrain', 26.23, 50.59),
    'me-central-1': at('AE', 'United Arab Emirates', 'AE', 'UAE', 25.2, 55.27),
    'af-south-1': at('ZA', 'South Africa', 'ZA', 'Cape Town', -33.92, 18.42),
    'ap-east-1': at('HK', 'Hong Kong', 'HK', 'Hong Kong', 22.32, 114.17),
    'ap-east-2': at('TW', 'Taiwan', 'TW', 'Taipei', 25.03, 121.57),
    'ap-south-1': at('IN', 'India', 'IN', 'Mumbai', 19.08, 72.88),
    'ap-south-2': at('IN', 'India', 'IN', 'Hyderabad', 17.39, 78.49),
    'ap-southeast-1': at('SG', 'Singapore', 'SG', 'Singapore', 1.35, 103.82),
    'ap-southeast-2': at('AU', 'Australia', 'AU', 'Sydney', -33.87, 151.21),
    'ap-southeast-3': at('ID', 'Indonesia', 'ID', 'Jakarta', -6.21, 106.85),
    'ap-southeast-4': at('AU', 'Australia', 'AU', 'Melbourne', -37.81, 144.96),
    'ap-southeast-5': at('MY', 'Malaysia', 'MY', 'Malaysia', 3.14, 101.69),
    'ap-southeast-6': at('NZ', 'New Zealand', 'NZ', 'New Zealand', -36.85, 174.76),
    'ap-southeast-7': at('TH', 'Thailand', 'TH', 'Thailand', 13.76, 100.5),
    'ap-northeast-1': at('JP', 'Japan', 'JP', 'Tokyo', 35.68, 139.69),
    'ap-northeast-2': at('KR', 'South Korea', 'KR', 'Seoul', 37.57, 126.98),
    'ap-northeast-3': at('JP', 'Japan', 'JP', 'Osaka', 34.69, 135.5),
  },
};
