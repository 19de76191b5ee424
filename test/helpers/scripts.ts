// The shell scripts a synth output holds, as the machines that run them see them: deploy.sh, each
// server's user data (Terraform's `$${` and `%%{` escapes undone, a Terraform reference replaced
// by a placeholder word), and every file the user data writes with a `cat >path <<'TAG'` here-doc,
// laid out under a root folder at the path it gets on the server (so a `# shellcheck source=`
// directive that names the real relative location resolves). Identical texts are kept once.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ShellScript {
  /** Where it comes from: `deploy.sh`, `<stack>/<resource> user data`, `<…> writes /opt/…`. */
  readonly origin: string;
  /** The file written for shellcheck. */
  readonly file: string;
}

/** A Terraform string as the server receives it: escapes undone, references as a placeholder. */
export function terraformStringValue(text: string): string {
  return text.replace(/\$\$\{|\$\{[^}]*\}/g, (m) => (m === '$${' ? '${' : 'tfvalue')).replace(/%%\{/g, '%{');
}

const HEREDOC = /cat >+\s*(\S+)\s*<<-?\s*'?"?(\w+)'?"?\n([\s\S]*?)\n\2\n/g;

/**
 * Writes the scripts of the synth output `outDir` under `scratch` and lists them. Files written
 * by user data land in `<scratch>/<hash of the user data>/<path on the server>`, next to the data
 * files the same user data writes (refarch.env beside refarch-apply's `source=` directive).
 */
export function outputScripts(outDir: string, scratch: string): ShellScript[] {
  const out: ShellScript[] = [];
  const seen = new Set<string>();
  const keep = (origin: string, file: string, text: string): void => {
    const hash = createHash('sha256').update(text).digest('hex');
    if (seen.has(hash)) return;
    seen.add(hash);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    out.push({ origin, file });
  };
  keep('deploy.sh', join(scratch, 'deploy.sh'), readFileSync(join(outDir, 'deploy.sh'), 'utf8'));
  for (const stack of readdirSync(join(outDir, 'stacks')).sort()) {
    const json = JSON.parse(readFileSync(join(outDir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, { user_data?: string }>> };
    // The CloudWatch agent's setup script (State Manager runs it with bash).
    for (const [name, association] of Object.entries((json.resource?.['aws_ssm_association'] ?? {}) as Record<string, { parameters?: Record<string, string> }>)) {
      const commands = association.parameters?.['commands'];
      if (typeof commands === 'string') {
        // A script that names its interpreter keeps it (the setup script does); others are read as bash.
        const script = terraformStringValue(commands);
        keep(`${stack}/aws_ssm_association.${name} commands`, join(scratch, stack, name, 'setup.sh'), script.startsWith('#!') ? script : `#!/bin/bash\n${script}`);
      }
    }
    const parameters = (json.resource?.['aws_ssm_parameter'] ?? {}) as Record<string, { name?: string; value?: string }>;
    for (const [name, parameter] of Object.entries(parameters)) {
      // refarch-apply, delivered in parts (<name>, <name>.2, ...) that the loader joins line by line.
      if (String(parameter.name).endsWith('/refarch-apply')) {
        const parts = [String(parameter.value)];
        for (let i = 2; ; i++) {
          const next = Object.values(parameters).find((p) => p.name === `${parameter.name}.${i}`);
          if (next === undefined) break;
          parts.push(String(next.value));
        }
        keep(`${stack}/aws_ssm_parameter.${name} (refarch-apply)`, join(scratch, stack, name, 'refarch-apply'), `${terraformStringValue(parts.join('\n'))}\n`);
      }
    }
    for (const [type, resources] of Object.entries(json.resource ?? {})) {
      for (const [name, resource] of Object.entries(resources)) {
        if (typeof resource.user_data !== 'string') continue;
        const userData = terraformStringValue(resource.user_data);
        const origin = `${stack}/${type}.${name} user data`;
        const hash = createHash('sha256').update(userData).digest('hex').slice(0, 16);
        if (seen.has(hash)) continue;
        seen.add(hash);
        const root = join(scratch, hash);
        mkdirSync(root, { recursive: true });
        writeFileSync(join(root, 'user-data'), userData);
        out.push({ origin, file: join(root, 'user-data') });
        for (const m of userData.matchAll(HEREDOC)) {
          const path = m[1]!.replace(/^["']|["']$/g, '');
          const body = `${m[3]!}\n`;
          const file = join(root, path);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, body);
          // Scripts are checked; data files (refarch.env) are read through the scripts' `source=`.
          // The same script written by many servers is checked once.
          const bodyHash = createHash('sha256').update(body).digest('hex');
          if (body.startsWith('#!') && !seen.has(bodyHash)) {
            seen.add(bodyHash);
            out.push({ origin: `${origin} writes ${path}`, file });
          }
        }
      }
    }
  }
  return out;
}
