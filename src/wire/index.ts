// Wiring: attach the generated WebSocket server to the app's existing http.Server with one added
// import and one call, written in the file's own formatting. Pure: text in, text out, no disk.
import { detectFormat } from './format.js';
import { addImportEdit, isBoundAtTop, removeImportEdits } from './imports.js';
import { attachShape, attachThroughReceiver, detachEdits, expected, findServerExpression, findSiteCall, hasCallTo, topLevelStatement } from './shapes.js';
import { applyEdits, splitBom, syntaxErrors, withSourceFile, type Edit } from './source.js';

export const DEFAULT_ATTACH_NAME = 'attachWebSocketServer';

const HONO_SERVER_CALLS = new Set(['serve', 'createAdaptorServer']);

function isTypeScript(fileName: string): boolean {
  return /\.[cm]?tsx?$/i.test(fileName);
}

export interface WireInput {
  /** The entry file's current text. */
  text: string;
  /** For messages and to pick the parser (.ts/.tsx/.js/.mjs/.cjs...). */
  fileName: string;
  /**
   * The server call found by analysis: its 1-based line and kind; `call` when the function called is not
   * the kind's usual one (Hono's `serve`); `receiverMember` when listen() does not return the server
   * (Fastify: `.server`, NestJS: `.getHttpServer()`).
   */
  site: { line: number; kind: 'listen' | 'create-server'; call?: string; receiverMember?: string };
  /** e.g. './ws/server' or './ws/server.js'. */
  importSpecifier: string;
  style: 'import' | 'require';
  /** Default 'attachWebSocketServer'. */
  attachName?: string;
}

export type WireResult =
  | { action: 'added'; text: string }
  | { action: 'unchanged'; text: string } // already wired: a call to attachName exists
  | { action: 'skipped'; reason: string }; // shape not recognised: nothing changed

export type UnwireResult =
  | { action: 'removed'; text: string }
  | { action: 'unchanged'; text: string } // nothing of ours found
  | { action: 'skipped'; reason: string };

/**
 * Adds `import { attach } from '<spec>'` (unless the name is already bound) and `attach(<server>)`
 * after the statement that creates or starts the server at `site.line`. Returns `unchanged` when the
 * file already calls `attach` anywhere, and `skipped` (with the reason) when the shape is unknown.
 */
export function wireAttach(input: WireInput): WireResult {
  const attachName = input.attachName ?? DEFAULT_ATTACH_NAME;
  const { bom, body } = splitBom(input.text);
  const edited = withSourceFile(body, input.fileName, (sf): WireResult | Edit[] => {
    const errors = syntaxErrors(sf);
    if (errors.length > 0) return cannotParse(input.fileName, errors[0]!);
    if (hasCallTo(sf, attachName)) return { action: 'unchanged', text: input.text };
    const where = `${input.fileName}:${input.site.line}`;
    const { line: siteLine, kind, call, receiverMember } = input.site;
    const listen = receiverMember ? findSiteCall(sf, siteLine, 'listen') : undefined;
    const expr = receiverMember ? listen : findServerExpression(sf, siteLine, kind, call);
    if (!expr) {
      const lines = body.split(/\r?\n/);
      const line = siteLine >= 1 ? lines[siteLine - 1] : undefined;
      const called = `${call ?? (kind === 'listen' ? 'listen' : 'createServer')}()`;
      const count = lines.at(-1) === '' ? lines.length - 1 : lines.length;
      const why = line === undefined ? `no such line: the file has ${count} line${count === 1 ? '' : 's'}` : `no ${called} call on that line`;
      return skipped(expected(where, line ?? '', why));
    }
    const fmt = detectFormat(sf);
    // Hono's serve() returns a union with the HTTP/2 servers; its Node adapter gives an http.Server unless told otherwise.
    const cast = call && HONO_SERVER_CALLS.has(call) && isTypeScript(input.fileName) ? ` as import(${fmt.quote}node:http${fmt.quote}).Server` : undefined;
    const ctx = { sf, text: body, fmt, attachName, where, ...(cast ? { cast } : {}) };
    const shape = listen && receiverMember ? attachThroughReceiver(listen, receiverMember, ctx) : attachShape(expr, ctx);
    if ('skip' in shape) return skipped(shape.skip);
    if (isBoundAtTop(sf, attachName)) return shape.edits;
    const request = { name: attachName, specifier: input.importSpecifier, style: input.style };
    return [addImportEdit(sf, request, fmt, topLevelStatement(expr)), ...shape.edits];
  });
  if (!Array.isArray(edited)) return edited;
  return checked(bom + applyEdits(body, edited), input.fileName, 'added');
}

/**
 * Inverse of wireAttach: removes every `attach(...)` statement, the import/require of `attach` from
 * `importSpecifier` when it imports nothing else, and the `const server =` capture wireAttach made.
 */
export function unwireAttach(input: Omit<WireInput, 'site'>): UnwireResult {
  const attachName = input.attachName ?? DEFAULT_ATTACH_NAME;
  const { bom, body } = splitBom(input.text);
  const edited = withSourceFile(body, input.fileName, (sf): UnwireResult | Edit[] => {
    const errors = syntaxErrors(sf);
    if (errors.length > 0) return cannotParse(input.fileName, errors[0]!);
    return [...removeImportEdits(sf, attachName, input.importSpecifier), ...detachEdits(sf, attachName)];
  });
  if (!Array.isArray(edited)) return edited;
  if (edited.length === 0) return { action: 'unchanged', text: input.text };
  return checked(bom + applyEdits(body, edited), input.fileName, 'removed');
}

function skipped(reason: string): { action: 'skipped'; reason: string } {
  return { action: 'skipped', reason };
}

function cannotParse(fileName: string, error: string): { action: 'skipped'; reason: string } {
  return skipped(`${fileName}: cannot parse it (${error}); fix the syntax error and run again`);
}

/** Safety net: an edit that would leave a syntax error is refused, never written. */
function checked<A extends 'added' | 'removed'>(text: string, fileName: string, action: A) {
  const errors = withSourceFile(text, fileName, syntaxErrors);
  if (errors.length > 0) return skipped(`${fileName}: the edit would leave a syntax error (${errors[0]}); this is a bug, wire it by hand`);
  return { action, text };
}
