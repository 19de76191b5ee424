// Runs the stand-in provider as its own process and prints one line: the TF_REATTACH_PROVIDERS
// value (its Pid is this process). Stops on SIGTERM/SIGINT or when stdin closes. REFARCH_AWS_SCHEMA
// names the schema file to serve (tf-check.ts SCHEMAS); the 6.25.0 schema otherwise.
import { startStandIn } from './server';

void (async () => {
  const schemaFile = process.env['REFARCH_AWS_SCHEMA'];
  const standIn = await startStandIn({ ...(schemaFile ? { schemaFile } : {}), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${standIn.reattach}\n`);
  const stop = (): void => { void standIn.close().then(() => process.exit(0)); setTimeout(() => process.exit(0), 500).unref(); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
})();
