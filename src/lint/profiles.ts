import type { ProfileId } from '../csr/types.js';

/** Subject attributes lint knows by short name (as `NameAttribute.shortName` spells them). */
export type SubjectAttribute =
  | 'CN'
  | 'O'
  | 'OU'
  | 'L'
  | 'ST'
  | 'C'
  | 'STREET'
  | 'postalCode'
  | 'serialNumber'
  | 'businessCategory'
  | 'jurisdictionC'
  | 'jurisdictionST'
  | 'jurisdictionL'
  | 'organizationIdentifier';

/** What one profile asks of a CSR. One table, so the form and lint agree on it. */
export interface ProfileRules {
  id: ProfileId;
  /** Validation level the CA performs; `none` for ACME, where the subject is ignored. */
  validation: 'DV' | 'OV' | 'EV' | 'none';
  /** A Japanese CA's TLS profile: ASCII only, C defaults to JP, ST should be a prefecture. */
  japanese: boolean;
  /** Subject attributes the CA accepts. */
  allowed: readonly SubjectAttribute[];
  /** Attributes that must be present; an inner list means "at least one of". */
  required: readonly (readonly SubjectAttribute[])[];
  /** Characters the CA refuses in subject values. */
  forbiddenCharacters: string;
  /** Country the form fills in when the applicant does not choose one. */
  defaultCountry?: string;
  /** Whether IP address SANs are accepted. */
  ipAddresses: boolean;
  /** Whether wildcard DNS names are accepted. */
  wildcards: boolean;
  /** Only the SANs matter (ACME): subject attributes other than CN are ignored by the CA. */
  sansOnly: boolean;
}

/** Maximum lengths (characters) of subject values, from RFC 5280's upper bounds. */
export const SUBJECT_LENGTH_LIMITS: Readonly<Partial<Record<SubjectAttribute, number>>> = {
  CN: 64,
  O: 64,
  OU: 64,
  L: 128,
  ST: 128,
  STREET: 128,
  postalCode: 40,
  serialNumber: 64,
  businessCategory: 128,
  jurisdictionL: 128,
  jurisdictionST: 128,
};

const DV: readonly SubjectAttribute[] = ['C', 'CN'];
const OV: readonly SubjectAttribute[] = ['CN', 'O', 'L', 'ST', 'C'];
const BR_OV: readonly SubjectAttribute[] = [...OV, 'STREET', 'postalCode'];
const EV: readonly SubjectAttribute[] = [
  ...OV,
  'serialNumber',
  'businessCategory',
  'jurisdictionC',
  'jurisdictionST',
  'jurisdictionL',
  'organizationIdentifier',
];
const JAPANESE_FORBIDDEN = '"#;+';

const japaneseOv = {
  japanese: true,
  required: [['O'], ['L'], ['ST'], ['C']],
  forbiddenCharacters: JAPANESE_FORBIDDEN,
  defaultCountry: 'JP',
  ipAddresses: true,
  wildcards: true,
  sansOnly: false,
} as const;

export const PROFILES: Readonly<Record<ProfileId, ProfileRules>> = {
  'br-dv': {
    id: 'br-dv',
    validation: 'DV',
    japanese: false,
    allowed: DV,
    required: [],
    forbiddenCharacters: '',
    ipAddresses: true,
    wildcards: true,
    sansOnly: false,
  },
  'br-ov': {
    id: 'br-ov',
    validation: 'OV',
    japanese: false,
    allowed: BR_OV,
    required: [['O'], ['C'], ['L', 'ST']],
    forbiddenCharacters: '',
    ipAddresses: true,
    wildcards: true,
    sansOnly: false,
  },
  'jprs-dv': {
    id: 'jprs-dv',
    validation: 'DV',
    japanese: true,
    allowed: DV,
    required: [],
    forbiddenCharacters: JAPANESE_FORBIDDEN,
    defaultCountry: 'JP',
    ipAddresses: true,
    wildcards: true,
    sansOnly: false,
  },
  'jprs-ov': { id: 'jprs-ov', validation: 'OV', allowed: OV, ...japaneseOv },
  'secom-ov': { id: 'secom-ov', validation: 'OV', allowed: OV, ...japaneseOv },
  'secom-ev': { id: 'secom-ev', validation: 'EV', allowed: EV, ...japaneseOv },
  crosstrust: { id: 'crosstrust', validation: 'OV', allowed: OV, ...japaneseOv },
  acme: {
    id: 'acme',
    validation: 'none',
    japanese: false,
    allowed: ['CN'],
    required: [],
    forbiddenCharacters: '',
    ipAddresses: true,
    wildcards: true,
    sansOnly: true,
  },
};

/** Used when lint is given no profile (a CSR pasted without saying where it goes): rules every CA shares. */
export const GENERIC_PROFILE: ProfileRules = {
  id: 'br-ov',
  validation: 'OV',
  japanese: false,
  allowed: [...EV, 'STREET', 'postalCode'],
  required: [],
  forbiddenCharacters: '',
  ipAddresses: true,
  wildcards: true,
  sansOnly: false,
};

export function profileRules(profile?: ProfileId): ProfileRules {
  return profile ? PROFILES[profile] : GENERIC_PROFILE;
}
