import { exampleModel } from './helpers/models';
import { configFiles } from '../src/config/config';
const m = exampleModel(process.argv[2]!);
for (const f of configFiles(m)) { if (process.argv[3] && !process.argv[3].split(',').includes(f.instanceKey)) continue; console.log(`==== ${f.site}/${f.instanceKey} ${f.role} ${f.path}`); console.log(f.text); }
