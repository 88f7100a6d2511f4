// Every ```ts block of README.md and worker-example/README.md, typechecked in-process with the
// TypeScript compiler against this repository's source: the package's public specifiers
// (`edge-llmobs`, and every subpath package.json `exports` lists) map to src/ through `paths`, so a
// block that imports a name the package does not export, passes an option that does not exist, or
// calls an API that moved fails here. Each block is its own module. A `<!-- snippet: context ... -->`
// comment before the fence declares the names the block takes from the prose around it (a Worker's
// `ctx`, the `app` of an earlier block); `<!-- snippet: fragment ... -->` skips a block and says why.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type CodeBlock, codeBlocks } from '../fixtures/readme-code.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MARKDOWN = ['README.md', 'worker-example/README.md'];
// workerd's `cloudflare:workers` module, as the example declares it (no @cloudflare/workers-types here).
const AMBIENT = [`${ROOT}worker-example/src/cloudflare-workers.d.ts`];
// The few global types of @cloudflare/workers-types (what `wrangler types` gives a Worker) that the
// READMEs' Worker blocks name, with the shapes those types have there; a stand-in, since that
// package is not a dependency here.
const WORKERS_GLOBALS = `${ROOT}.readme-snippets/workers-globals.d.ts`;
const WORKERS_GLOBALS_SOURCE = `
type Rpc<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };
interface DurableObjectNamespace<T = undefined> { getByName(name: string): Rpc<T> & { fetch(input: RequestInfo, init?: RequestInit): Promise<Response> } }
interface Queue<Body = unknown> { send(body: Body, options?: { contentType?: 'json' | 'text' | 'bytes' | 'v8' }): Promise<void> }
interface MessageBatch<Body = unknown> { readonly queue: string; readonly messages: readonly { readonly id: string; readonly body: Body; ack(): void; retry(): void }[]; ackAll(): void; retryAll(): void }
interface ExecutionContext { waitUntil(promise: Promise<unknown>): void; passThroughOnException(): void }
`;

interface Snippet extends CodeBlock {
  readonly file: string;
  readonly name: string;
  readonly source: string;
  readonly preludeLines: number;
}

/** `edge-llmobs/x` → the src/ file behind `./dist/x.js` in package.json `exports`. */
function packagePaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    name: string;
    exports: Record<string, { import: string }>;
  };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const stem = target.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '');
    const file = [`${stem}.ts`, `${stem}/index.ts`].find((candidate) => existsSync(`${ROOT}${candidate}`));
    if (!file) throw new Error(`package.json exports ${subpath} has no source under src/ (${stem})`);
    paths[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = [`./${file}`];
  }
  return paths;
}

function snippets(): Snippet[] {
  return MARKDOWN.flatMap((markdown) =>
    codeBlocks(readFileSync(`${ROOT}${markdown}`, 'utf8')).map((block) => {
      const context = block.snippet?.startsWith('context') ? block.snippet.slice('context'.length) : '';
      const prelude = context ? `${context.trim()}\n` : '';
      // A file name beside the repository's own, so `openai`, `hono` and the rest resolve from its node_modules.
      const file = `${ROOT}.readme-snippets/${markdown.replace(/\W/g, '-')}-${block.line}.ts`;
      return {
        ...block,
        file,
        name: `${markdown}:${block.line}`,
        source: `${prelude}${block.code}\nexport {};\n`,
        preludeLines: prelude ? prelude.split('\n').length - 1 : 0,
      };
    }),
  );
}

/** Type errors of each snippet, as `README.md:123: message`, line numbers pointing into the markdown. */
function typecheck(list: readonly Snippet[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${ROOT}tsconfig.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, baseUrl: ROOT, paths: packagePaths() };
  const virtual = new Map<string, { source: string }>(list.map((snippet) => [snippet.file, snippet]));
  virtual.set(WORKERS_GLOBALS, { source: WORKERS_GLOBALS_SOURCE });
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists(file);
  host.readFile = (file) => virtual.get(file)?.source ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const snippet = virtual.get(file);
    return snippet ? ts.createSourceFile(file, snippet.source, language) : getSourceFile(file, language, ...rest);
  };
  const program = ts.createProgram([...virtual.keys(), ...AMBIENT], options, host);
  const errors = new Map<string, string[]>();
  for (const snippet of list) {
    const source = program.getSourceFile(snippet.file);
    if (!source) throw new Error(`${snippet.name} was not compiled`);
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    errors.set(
      snippet.name,
      diagnostics.map((diagnostic) => {
        const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const at =
          line < snippet.preludeLines ? 'its snippet: context' : `${snippet.line + 1 + line - snippet.preludeLines}`;
        return `${snippet.name.split(':')[0]}:${at}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
      }),
    );
  }
  return errors;
}

const all = snippets();
const checked = all.filter((snippet) => !snippet.snippet?.startsWith('fragment'));

describe("the READMEs' TypeScript blocks typecheck against the source", () => {
  it('finds the blocks, and skips only the few marked as fragments, each saying why', () => {
    expect(all.length).toBeGreaterThanOrEqual(14);
    for (const skipped of all.filter((snippet) => snippet.snippet?.startsWith('fragment'))) {
      expect(skipped.snippet, `${skipped.name} is skipped without a reason`).toMatch(/^fragment\W+\w+/);
    }
    expect(all.length - checked.length).toBeLessThanOrEqual(2);
  });

  it('attaches every snippet comment to the block right after it (none is silently ignored)', () => {
    for (const markdown of MARKDOWN) {
      const comments = readFileSync(`${ROOT}${markdown}`, 'utf8').match(/^<!--\s*snippet:/gm) ?? [];
      const attached = all.filter((snippet) => snippet.name.startsWith(`${markdown}:`) && snippet.snippet);
      expect(attached.length, markdown).toBe(comments.length);
    }
  });

  it('maps every public specifier of package.json to a source file', () => {
    expect(Object.keys(packagePaths())).toEqual(
      expect.arrayContaining(['edge-llmobs', 'edge-llmobs/cloudflare', 'edge-llmobs/hono', 'edge-llmobs/gen-ai']),
    );
  });

  it('every checked block compiles with no error', () => {
    const errors = typecheck(checked);
    expect([...errors.values()].flat()).toEqual([]);
  }, 120_000);

  it('fails on a block that imports a name the package does not export', () => {
    const recipe = checked.find((snippet) => snippet.code.includes("from 'edge-llmobs'"));
    if (!recipe) throw new Error('no block imports edge-llmobs');
    const broken = {
      ...recipe,
      file: recipe.file.replace(/\.ts$/, '-broken.ts'),
      source: recipe.source.replace(/\bregister\b/g, 'registerTracing'),
    };
    const [messages] = typecheck([broken]).values();
    expect(messages.join('\n')).toContain("has no exported member 'registerTracing'");
  }, 120_000);
});
