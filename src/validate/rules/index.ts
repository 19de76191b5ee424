import { reservedNameRule, vpnAsnRule } from './aws-reserved';
import { ebsVolumeRule, instanceBudgetRule, volumeNameRule } from './ebs';
import { burstableRule, instanceTypeRule, irisMemoryRule } from './instance';
import { accountsRule, egressRule, existingNetworkRule, internalEntryRule, natGatewaysRule } from './landing-zone';
import { cidrRule, drPlacementRule, regionRule, zoneRule } from './network';
import { deploymentModelRule, profileRule } from './profile';
import { regionAvailabilityRule, residencyRule } from './region';
import { securityGroupQuotaRule, tagCountRule } from './quota';
import { ecpClientRule } from './scale';
import type { Rule } from './rule';
import { softwareRule } from './software';
import { subnetCapacityRule } from './subnets';
import { backupConsistencyRule, backupRule, dnsRule, imagesRule, loadBalancerRule, mirrorRule, monitoringRule, portsRule, stateRule } from './services';

/** Every semantic rule, in the order they run (diagnostics are sorted by position afterwards). */
export const RULES: readonly Rule[] = [
  deploymentModelRule,
  profileRule,
  instanceTypeRule,
  burstableRule,
  irisMemoryRule,
  regionAvailabilityRule,
  ebsVolumeRule,
  volumeNameRule,
  instanceBudgetRule,
  regionRule,
  zoneRule,
  drPlacementRule,
  residencyRule,
  cidrRule,
  dnsRule,
  loadBalancerRule,
  portsRule,
  mirrorRule,
  stateRule,
  backupRule,
  backupConsistencyRule,
  imagesRule,
  reservedNameRule,
  vpnAsnRule,
  securityGroupQuotaRule,
  tagCountRule,
  subnetCapacityRule,
  softwareRule,
  monitoringRule,
  ecpClientRule,
  existingNetworkRule,
  egressRule,
  natGatewaysRule,
  internalEntryRule,
  accountsRule,
];

/** Every rule id a semantic rule can emit. */
export const RULE_IDS: readonly string[] = RULES.flatMap((rule) => rule.ids);
