// How large one deployment can be: the figures the schema's server-count maxima come from.
// test/schema.test.ts (scale) checks that the schema says the same.
import { IRIS_MEMORY, type Sourced } from './catalog';

export const SCALE_LIMITS: Sourced<{
  /** Web servers per site: each is a target of the site's web load balancer. */
  readonly webServers: number;
  /** ECP clients (application and print servers, both sites) of one data server: MaxServerConn's upper bound. */
  readonly ecpClients: number;
}> = {
  source:
    'Elastic Load Balancing, "Quotas for your Application Load Balancers" (Targets per Application Load Balancer: 1,000, the default); InterSystems IRIS Configuration Parameter File Reference ([config] MaxServerConn 0..254: the ECP application servers a data server accepts), as IRIS_MEMORY.maxConnections',
  asOf: '2026-12',
  rows: {
    webServers: 1000,
    ecpClients: IRIS_MEMORY.rows.maxConnections,
  },
};
