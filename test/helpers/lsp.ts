// A minimal Language Server Protocol client for the real yaml-language-server (what VS Code's YAML
// extension runs), over stdio JSON-RPC, so tests see exactly what an editor user sees: diagnostics,
// hover and completion against schema/refarch.schema.json. One server per test file.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Position {
  readonly line: number;
  readonly character: number;
}
export interface LspDiagnostic {
  readonly range: { readonly start: Position; readonly end: Position };
  readonly message: string;
  readonly severity?: number;
  readonly source?: string;
}
export interface Hover {
  readonly contents: { readonly kind: string; readonly value: string } | string;
}
export interface CompletionItem {
  readonly label: string;
  readonly insertText?: string;
  readonly textEdit?: { readonly newText: string };
  readonly documentation?: unknown;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class YamlLanguageServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly diagnostics = new Map<string, { version: number | undefined; items: LspDiagnostic[] }>();
  private readonly waiters: Array<() => void> = [];
  private version = 0;

  constructor(root: string) {
    const server = join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
    this.child = spawn(process.execPath, [server, '--stdio'], { cwd: root, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.resume();
  }

  async start(root: string): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: {
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          publishDiagnostics: { versionSupport: true },
        },
      },
    });
    this.notify('initialized', {});
    // No SchemaStore: the tests must not depend on the network, and the modeline decides the schema.
    this.notify('workspace/didChangeConfiguration', {
      settings: { yaml: { validate: true, hover: true, completion: true, format: { enable: false }, schemaStore: { enable: false }, schemas: {} } },
    });
  }

  /** Opens (or replaces) a document and resolves with the diagnostics published for that version. */
  async diagnose(file: string, text: string): Promise<LspDiagnostic[]> {
    const version = ++this.version;
    // A fresh URI per call: the server publishes an empty set when a document closes, which would
    // otherwise be taken for the next document's diagnostics.
    const uri = this.uriFor(file, version);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const got = this.diagnostics.get(uri);
      if (got !== undefined && (got.version === undefined || got.version === version)) {
        this.notify('textDocument/didClose', { textDocument: { uri } });
        return got.items;
      }
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async hover(file: string, text: string, position: Position): Promise<Hover | null> {
    return this.withOpen(file, text, (uri) => this.request('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>);
  }

  async complete(file: string, text: string, position: Position): Promise<CompletionItem[]> {
    return this.withOpen(file, text, async (uri) => {
      const result = (await this.request('textDocument/completion', { textDocument: { uri }, position })) as { items: CompletionItem[] } | CompletionItem[] | null;
      return result === null ? [] : Array.isArray(result) ? result : result.items;
    });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((resolve) => setTimeout(resolve, 2000))]);
      this.notify('exit', null);
    } finally {
      this.child.kill();
    }
  }

  /** `file` is a path: its folder decides what a relative modeline `$schema` points to. */
  private uriFor(file: string, version: number): string {
    return pathToFileURL(file.replace(/(\.ya?ml)?$/, `.${version}$1`)).href;
  }

  private async withOpen<T>(file: string, text: string, action: (uri: string) => Promise<T>): Promise<T> {
    const version = ++this.version;
    const uri = this.uriFor(file, version);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    try {
      return await action(uri);
    } finally {
      this.notify('textDocument/didClose', { textDocument: { uri } });
    }
  }

  private send(message: Record<string, unknown>): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ id, method, params });
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as {
        id?: number;
        method?: string;
        params?: { uri: string; version?: number; diagnostics: LspDiagnostic[] };
        result?: unknown;
        error?: { message: string };
      };
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: { id?: number; method?: string; params?: { uri: string; version?: number; diagnostics: LspDiagnostic[] }; result?: unknown; error?: { message: string } }): void {
    if (message.method === 'textDocument/publishDiagnostics' && message.params) {
      this.diagnostics.set(message.params.uri, { version: message.params.version, items: message.params.diagnostics });
      for (const wake of this.waiters.splice(0)) wake();
      return;
    }
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server (workspace/configuration, client/registerCapability...): answer
      // with nothing so it proceeds with the settings sent above.
      this.send({ id: message.id, result: message.method === 'workspace/configuration' ? [] : null });
      return;
    }
    if (message.id !== undefined && this.pending.has(message.id)) {
      const pending = this.pending.get(message.id)!;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(message.error.message));
      else pending.resolve(message.result);
    }
  }
}
