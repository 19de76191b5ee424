// Runs the stand-in provider as its own process and prints one line: the TF_REATTACH_PROVIDERS
// value (its Pid is this process). Stops on SIGTERM/SIGINT or when stdin closes.
import { startStandIn } from './server';

void (async () => {
  const standIn = await startStandIn({ log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${standIn.reattach}\n`);
  const stop = (): void => { void standIn.close().then(() => process.exit(0)); setTimeout(() => process.exit(0), 500).unref(); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
})();
