// How many ECP clients one data server can take: InterSystems IRIS accepts at most MaxServerConn
// (0..254) application-server connections, and every failover and DR member is configured for the
// application and print servers of both sites (src/config: MaxServerConn counts both). Past that,
// day-one configuration would have to cap MaxServerConn and the servers beyond it could not connect.
import { SCALE_LIMITS } from '../../catalog/scale';
import { sites } from '../../model/model';
import type { Finding } from '../../model/diagnostics';
import type { Rule } from './rule';
import { error } from './util';

export const ecpClientRule: Rule = {
  ids: ['config.ecp-clients'],
  description: 'The application and print servers of both sites, all ECP clients of the same data server, fit its MaxServerConn limit.',
  check({ spec, model }) {
    const limit = SCALE_LIMITS.rows.ecpClients;
    const counts = sites(model).map((s) => ({ role: s.role, app: s.instances.filter((i) => i.tier === 'app').length, print: s.instances.filter((i) => i.tier === 'print').length }));
    const total = counts.reduce((n, c) => n + c.app + c.print, 0);
    if (total <= limit) return [];
    const path = spec.app?.count !== undefined ? ['app', 'count'] : spec.print?.count !== undefined ? ['print', 'count'] : spec.app !== undefined ? ['app'] : [];
    const detail = counts.map((c) => `${c.app} application${c.print > 0 ? ` and ${c.print} print` : ''} servers at the ${c.role} site`).join(', ');
    const out: Finding[] = [
      error(
        'config.ecp-clients',
        path,
        `the data server would have ${total} ECP clients (${detail}), but InterSystems IRIS accepts at most ${limit} (MaxServerConn); the servers past it could not connect`,
        `use fewer, larger application servers${model.dr !== undefined ? ', or keep less capacity at the DR site (dr.capacity: reduced)' : ''}`,
        { value: total, limit, unit: 'ECP clients' },
      ),
    ];
    return out;
  },
};
