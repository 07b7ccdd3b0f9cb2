/**
 * Unknown fields, which the kubernetes-models validators let through (their schemas are open to
 * extra properties): a misspelt `readOnlyRootFileSystem` or `replicaz` in a template would pass
 * them and be dropped or refused only by the API server. The TypeScript declarations shipped
 * with kubernetes-models name every field of every Kubernetes type, so each rendered object is
 * walked along its declared type (through arrays, unions and string-keyed maps) and every key
 * the type does not declare is reported.
 */
import path from 'node:path';
import ts from 'typescript';

const MODELS = path.dirname(require.resolve('kubernetes-models/package.json'));
const declarationOf = (apiVersion: string, kind: string) =>
  path.join(MODELS, apiVersion, `${kind}.d.ts`);

let program: ts.Program | undefined;
const roots = new Set<string>();

/** A program over the declarations of these kinds (made again, reusing it, for a new kind). */
function checkerFor(kinds: { apiVersion: string; kind: string }[]): ts.TypeChecker {
  const files = kinds.map((k) => declarationOf(k.apiVersion, k.kind));
  if (!program || files.some((f) => !roots.has(f))) {
    for (const f of files) roots.add(f);
    program = ts.createProgram({
      rootNames: [...roots],
      options: {
        noEmit: true,
        skipLibCheck: true,
        types: [],
        moduleResolution: ts.ModuleResolutionKind.Node10,
      },
      oldProgram: program, // the files parsed already are reused
    });
  }
  return program.getTypeChecker();
}

/** The declared interface I<Kind> of kubernetes-models/<apiVersion>/<Kind>. */
function modelType(checker: ts.TypeChecker, apiVersion: string, kind: string): ts.Type {
  const file = declarationOf(apiVersion, kind);
  const source = program!.getSourceFile(file);
  if (!source) throw new Error(`no declarations for ${apiVersion} ${kind}`);
  const symbol = checker
    .getSymbolAtLocation(source)
    ?.exports?.get(ts.escapeLeadingUnderscores(`I${kind}`));
  if (!symbol) throw new Error(`${file} declares no I${kind}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

function walk(checker: ts.TypeChecker, value: unknown, type: ts.Type, at: string, out: string[]) {
  if (value === null || typeof value !== 'object') return;
  const parts = (type.isUnion() ? type.types : [type]).filter(
    (t) => (t.flags & ts.TypeFlags.Object) !== 0,
  );
  if (Array.isArray(value)) {
    const element = parts.find((t) => checker.isArrayType(t));
    if (!element) return;
    const [item] = checker.getTypeArguments(element as ts.TypeReference);
    value.forEach((v, i) => walk(checker, v, item, `${at}[${i}]`, out));
    return;
  }
  const objects = parts.filter((t) => !checker.isArrayType(t));
  if (objects.length === 0) return;
  const index = objects
    .map((t) => checker.getIndexInfoOfType(t, ts.IndexKind.String))
    .find(Boolean);
  if (index) {
    for (const [key, v] of Object.entries(value)) walk(checker, v, index.type, `${at}.${key}`, out);
    return;
  }
  const props = new Map<string, ts.Symbol>();
  for (const t of objects) for (const p of checker.getPropertiesOfType(t)) props.set(p.name, p);
  if (props.size === 0) return; // a free-form type (RawExtension, JSON)
  for (const [key, v] of Object.entries(value)) {
    const prop = props.get(key);
    if (!prop) out.push(`${at}.${key}`);
    else
      walk(
        checker,
        v,
        checker.getNonNullableType(checker.getTypeOfSymbol(prop)),
        `${at}.${key}`,
        out,
      );
  }
}

/** `Kind/name: path` of every key of these objects their Kubernetes types do not declare. */
export function unknownFields(
  objects: { apiVersion: string; kind: string; metadata: { name: string } }[],
): string[] {
  const checker = checkerFor(objects);
  const out: string[] = [];
  for (const obj of objects) {
    const found: string[] = [];
    walk(checker, obj, modelType(checker, obj.apiVersion, obj.kind), '', found);
    out.push(...found.map((p) => `${obj.kind}/${obj.metadata.name}: ${p}`));
  }
  return out;
}
