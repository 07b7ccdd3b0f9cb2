// The values reference of charts/strata: one table row per leaf of values.schema.json, with the
// default from values.yaml. Rendered into docs/install.md between the markers below by
// `npm run chart:docs`; a chart test fails when the doc is not current.
import { parse } from 'yaml';

export const BEGIN = '<!-- values-reference:begin (npm run chart:docs) -->';
export const END = '<!-- values-reference:end -->';

const typeOf = (node) =>
  node.const !== undefined
    ? `\`${JSON.stringify(node.const)}\``
    : node.enum
      ? node.enum.map((v) => `\`${v}\``).join(' \\| ')
      : [node.type ?? (node.$ref || node.allOf || node.properties ? 'object' : 'any')]
          .flat()
          .join(' \\| ');

const defaultOf = (value) => {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 60 ? `\`${text.slice(0, 57)}…\`` : `\`${text}\``;
};

const escape = (text) => String(text ?? '').replaceAll('|', '\\|');

function rows(node, defs, path, defaults, out) {
  const resolved = node.$ref ? defs[node.$ref.replace('#/definitions/', '')] : node;
  const props = resolved.properties;
  const leaf =
    !props || resolved.additionalProperties === true || node.$ref || path.endsWith('.env');
  if (leaf) {
    const description = node.description ?? resolved.description ?? '';
    if (path.endsWith('.env') && props)
      out.push([
        path,
        'object',
        defaultOf(defaults),
        `${description}: ${Object.keys(props)
          .map((k) => `\`${k}\``)
          .join(', ')}`,
      ]);
    else if (resolved.additionalProperties === true) {
      for (const [key, child] of Object.entries(props ?? {}))
        out.push([
          `${path}.${key}`,
          typeOf(child),
          defaultOf(defaults?.[key]),
          child.description ?? '',
        ]);
      out.push([`${path}.*`, 'object', '', description]);
    } else out.push([path, typeOf(resolved), defaultOf(defaults), description]);
    return;
  }
  for (const [key, child] of Object.entries(props))
    rows(child, defs, path ? `${path}.${key}` : key, defaults?.[key], out);
}

export function renderValuesTable(schemaText, valuesText) {
  const schema = JSON.parse(schemaText);
  const defaults = parse(valuesText);
  const out = [];
  for (const [key, child] of Object.entries(schema.properties))
    if (key !== 'global') rows(child, schema.definitions ?? {}, key, defaults[key], out);
  const lines = ['| value | type | default | meaning |', '| --- | --- | --- | --- |'];
  for (const row of out)
    lines.push(`| \`${row[0]}\` | ${row[1]} | ${escape(row[2])} | ${escape(row[3])} |`);
  return lines.join('\n');
}

/** The doc with its reference section replaced (throws when the markers are missing). */
export function withValuesTable(doc, table) {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`docs/install.md lacks the markers ${BEGIN} … ${END}`);
  return `${doc.slice(0, start + BEGIN.length)}\n\n${table}\n\n${doc.slice(end)}`;
}
