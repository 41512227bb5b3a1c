import { Metadata, type MetadataJson } from 'libphonenumber-js/core';

/** The parts of libphonenumber-js's runtime `Metadata` this check reads (its typings list fewer). */
interface NumberingPlanView {
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  type(name: string): { pattern(): string | undefined; possibleLengths(): number[] | undefined } | undefined;
}
interface MetadataView {
  selectNumberingPlan(country: string): void;
  numberingPlan: NumberingPlanView;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
}

/** A country's validation rules, compiled once. */
interface CompiledPlan {
  /** The national prefix libphonenumber-js strips when parsing, if any. */
  readonly nationalPrefix: RegExp | undefined;
  readonly nationalNumber: RegExp;
  /** FIXED_LINE first, then the other types in libphonenumber-js's order. */
  readonly types: readonly { readonly pattern: RegExp; readonly lengths: readonly number[] | undefined }[];
}

// libphonenumber-js's `getNumberType`: a number is valid when it matches the plan and any of these.
const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;
const MAX_CALLING_CODE_LENGTH = 3;
const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;

/**
 * Whether a number written as `+` and digits is valid, decided the way
 * libphonenumber-js decides it, with each country's patterns compiled once.
 *
 * libphonenumber-js's `parsePhoneNumber` + `isValid()` builds a `RegExp`
 * from its pattern strings on every call, about 10 µs of CPU and 1.5 KB of
 * garbage a number; the messenger checks every recipient. For the common
 * case this answers the same from compiled patterns: the calling code (the
 * first of its 1-3 leading digits that is one) belongs to one country, and
 * the rest does not start with that country's national prefix. Then the
 * number is valid exactly when its national number (2-17 digits) matches the
 * country's national number pattern and the pattern of one of its number
 * types, within that type's possible lengths (libphonenumber-js's
 * `getNumberType`).
 *
 * Anything else (shared calling codes such as +1 and +44, non-geographic
 * ones, a national prefix after the calling code, no calling code) answers
 * `undefined`: the caller asks libphonenumber-js. A property test holds this
 * to libphonenumber-js's own answers.
 */
export class InternationalNumberCheck {
  readonly #metadata: MetadataView;
  readonly #plans = new Map<string, CompiledPlan>();

  constructor(metadata: MetadataJson) {
    this.#metadata = new Metadata(metadata) as unknown as MetadataView;
  }

  /** `true` or `false` when the common case decides `+digits`; `undefined` when libphonenumber-js must. */
  isValid(plusDigits: string): boolean | undefined {
    const digits = plusDigits.slice(1);
    for (let length = 1; length <= MAX_CALLING_CODE_LENGTH && length <= digits.length; length++) {
      const countries = this.#metadata.getCountryCodesForCallingCode(digits.slice(0, length));
      if (countries === undefined) continue;
      if (countries.length !== 1 || countries[0] === '001') return undefined;
      return this.#validNational(this.#plan(countries[0]!), digits.slice(length));
    }
    return undefined;
  }

  #validNational(plan: CompiledPlan, national: string): boolean | undefined {
    if (plan.nationalPrefix?.test(national)) return undefined;
    if (national.length < MIN_NATIONAL_LENGTH || national.length > MAX_NATIONAL_LENGTH) return false;
    if (!plan.nationalNumber.test(national)) return false;
    for (const type of plan.types) {
      if (type.lengths !== undefined && !type.lengths.includes(national.length)) continue;
      if (type.pattern.test(national)) return true;
    }
    return false;
  }

  #plan(country: string): CompiledPlan {
    let plan = this.#plans.get(country);
    if (plan === undefined) {
      this.#metadata.selectNumberingPlan(country);
      const numbering = this.#metadata.numberingPlan;
      const prefix = numbering.nationalPrefixForParsing();
      const types: { pattern: RegExp; lengths: readonly number[] | undefined }[] = [];
      for (const name of TYPES) {
        const type = numbering.type(name);
        const pattern = type?.pattern();
        if (type === undefined || !pattern) continue;
        types.push({ pattern: new RegExp(`^(?:${pattern})$`), lengths: type.possibleLengths() });
      }
      plan = {
        nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
        nationalNumber: new RegExp(`^(?:${numbering.nationalNumberPattern()})$`),
        types,
      };
      this.#plans.set(country, plan);
    }
    return plan;
  }
}
