import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/**
 * docs/template-data.md, written from the typed data of every template (the `TemplateData`
 * interface of src/views/rendering/template-registry.ts and the interfaces it names), so the
 * reference a host reads is the type the views are checked against.
 */

const pkg = join(__dirname, '../..');
const REGISTRY = join(pkg, 'src/views/rendering/template-registry.ts');

/** Types shown by name, never opened: what they are is documented elsewhere. */
const OPAQUE = new Set(['SafeHtml', 'Translator', 'Date', 'Array', 'ReadonlyArray', 'Record', 'Map', 'Set', 'Promise']);
const MAX_DEPTH = 3;

const oneLine = (text: string) =>
  text
    .replace(/\{@link\s+([^}\s|]+)[^}]*\}/g, '$1')
    .replace(/\s+/g, ' ')
    .replaceAll('|', '\\|')
    .trim();
const code = (text: string) => `\`${text.replaceAll('|', '\\|')}\``;

interface Row {
  path: string;
  type: string;
  doc: string;
}

export function templateDataReference(): string {
  const program = ts.createProgram([REGISTRY], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const registry = program.getSourceFile(REGISTRY);
  const declaration = registry?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'TemplateData');
  if (!declaration) throw new Error('TemplateData is not declared in src/views/rendering/template-registry.ts');
  const all = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(declaration.name) as ts.Symbol);
  const typeText = (type: ts.Type) => checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);

  /** The object type worth opening in a field's type (its element for an array, without null), if any. */
  const openable = (type: ts.Type): ts.Type | undefined => {
    const parts = type.isUnion() ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined))) : [type];
    if (parts.length !== 1) return undefined;
    let inner = parts[0] as ts.Type;
    if (checker.isArrayType(inner) || checker.isTupleType(inner)) inner = checker.getTypeArguments(inner as ts.TypeReference)[0] ?? inner;
    if (!(inner.flags & ts.TypeFlags.Object) || inner.getCallSignatures().length > 0) return undefined;
    const name = (inner.aliasSymbol ?? inner.getSymbol())?.getName();
    if (name && OPAQUE.has(name)) return undefined;
    return checker.getPropertiesOfType(inner).length > 0 ? inner : undefined;
  };

  const rowsOf = (type: ts.Type, prefix: string, depth: number): Row[] =>
    checker.getPropertiesOfType(type).flatMap((field) => {
      if (depth === 0 && field.name === 'i18n') return [];
      const fieldType = checker.getTypeOfSymbol(field);
      const optional = (field.flags & ts.SymbolFlags.Optional) !== 0;
      const row: Row = {
        path: `${prefix}${field.name}${optional ? '?' : ''}`,
        type: typeText(fieldType),
        doc: oneLine(ts.displayPartsToString(field.getDocumentationComment(checker))),
      };
      const inner = depth < MAX_DEPTH ? openable(fieldType) : undefined;
      if (!inner) return [row];
      const isList = fieldType.isUnion() ? fieldType.types.some((t) => checker.isArrayType(t)) : checker.isArrayType(fieldType);
      return [row, ...rowsOf(inner, `${prefix}${field.name}${isList ? '[]' : ''}.`, depth + 1)];
    });

  const sections = checker.getPropertiesOfType(all).map((template) => {
    const type = checker.getTypeOfSymbol(template);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const where = symbol?.declarations?.[0]?.getSourceFile().fileName;
    const origin = symbol && where && !where.includes('node_modules') ? `${code(symbol.getName())} in ${code(relative(pkg, where))}` : code(typeText(type));
    const doc = symbol ? oneLine(ts.displayPartsToString(symbol.getDocumentationComment(checker))) : '';
    const rows = rowsOf(type, '', 0);
    const table = rows.length
      ? ['| field | type | what it is |', '| --- | --- | --- |', ...rows.map((r) => `| ${code(r.path)} | ${code(r.type)} | ${r.doc} |`)].join('\n')
      : 'No fields of its own are typed yet: read the template (`messaging templates copy`) for what it uses.';
    return { name: template.name, text: [`## ${template.name}`, '', `Data: ${origin}.${doc ? ` ${doc}` : ''}`, '', table].join('\n') };
  });
  sections.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  return `${[
    '# Template data',
    '',
    '<!-- Generated from the typed data of the templates (src/views/rendering/template-registry.ts); do not edit.',
    `     Regenerate: cd packages/messaging && UPDATE_TEMPLATE_DOCS=1 npx vitest run --project unit test/unit/template-data-reference.test.ts -->`,
    '',
    'What each template gets as `it`, by name: the file `<templates>/<name>.eta` of your',
    "templates folder replaces the package's template of that name ([make-it-yours.md](make-it-yours.md#templates)).",
    "Every template also gets `it.i18n`, the member's translator: `it.i18n.t('section.key')`,",
    '`it.i18n.html(...)`, `it.i18n.dateTime(iso)`, `it.i18n.number(n)`, `it.i18n.locale` and `it.i18n.dir`.',
    'A field typed `SafeHtml` is markup the package built with every member string escaped: print it',
    'with `<%= %>` like any other value (it is printed as it is). `a[].b` is the field `b` of each',
    'item of the list `a`; `?` marks a field that may be missing.',
    '',
    `${sections.length} templates.`,
    '',
    sections.map((s) => s.text).join('\n\n'),
  ].join('\n')}\n`;
}

/** Where the reference lives in the repository. */
export const TEMPLATE_DATA_DOC = join(dirname(dirname(pkg)), 'docs/template-data.md');
