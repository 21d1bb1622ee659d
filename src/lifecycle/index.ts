export {
  LIFECYCLE_RULES,
  RENEWAL_PRODUCTS,
  type RenewalProduct,
  type LifecycleRule,
  type JprsRule,
  type SecomGidRule,
  type AcmeRule,
  type GenericRule,
  type JstTimeOfDay,
} from './rules.js';
export {
  renewalSchedule,
  lifecycleStatus,
  jprsValidityEnd,
  gidValidityEnd,
  type RenewalSchedule,
  type RenewalScheduleOptions,
  type RuleViolation,
  type RuleViolationCode,
  type LifecycleStatus,
  type ValidityPeriod,
} from './schedule.js';
export { toJst, fromJst, formatJst, JST_OFFSET_MS, type JstDate, type JstDateTime } from './jst.js';
