import { CHINESE_VALIDATION_MESSAGES, NOT_FOUND_NOUNS } from '@shanchou/core';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Every message a person reads is in Chinese (the consoles show the server's message only when it
 * holds a Chinese character; otherwise a generic "填写的内容有误" that names nothing). This scans
 * the sources for the messages that reach a person: the text given to `new <X>(…)` where X extends
 * DomainError (at the argument its constructor hands to DomainError's message), a message
 * parameter's default, a literal in a `super(…)` of such a class, and every `message:` property
 * (class-validator options, GraphQL answers). Log lines and `new Error(…)` (programmer errors) are
 * not messages to a person and are not scanned.
 */

const ROOT = path.resolve(__dirname, '..');
const SCANNED = ['libs', 'apps/api/src', 'apps/worker/src'];

/**
 * Not swept yet. Each entry is a path under the root (a folder ends in "/"); delete it once the
 * file is swept and this test holds it to the rule too.
 */
const NOT_YET_SWEPT = [
  // The boot-time check of the environment: read by whoever deploys, in the log, beside
  // class-validator's own English defaults for the same variables; not a console message.
  'libs/core/src/config/environment.ts',
];

/**
 * English kept on purpose, by file and exact text. GraphQL's limits (depth, aliases, directives) are
 * refused by graphql-armor in its own English words; the token limit is said in the same words,
 * and clients match them (API.md: a refusal "naming the limit").
 */
const KEPT_ENGLISH: { file: string; text: string }[] = [
  { file: 'libs/core/src/graphql/operation-limits.ts', text: 'Token limit of  exceeded.' },
];

const HAN = /\p{Script=Han}/u;

function excluded(rel: string): boolean {
  return NOT_YET_SWEPT.some((entry) => (entry.endsWith('/') ? rel.startsWith(entry) : rel === entry));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(rel);
    if (!entry.name.endsWith('.ts') || /\.(spec|e2e-spec|test)\.ts$/.test(entry.name) || entry.name.endsWith('.d.ts'))
      return [];
    return [rel];
  });
}

/** What the argument at a position of a constructor becomes: DomainError's message, or NotFoundError's noun. */
type Role = 'message' | 'noun';

interface ClassInfo {
  file: ts.SourceFile;
  base?: string;
  ctor?: ts.ConstructorDeclaration;
}

export interface Finding {
  at: string;
  text: string;
  why: string;
}

/** The constructor parameters an expression hands on whole: itself, either side of `?:`, `??` or `||`. */
function passedOn(node: ts.Expression, params: string[]): string[] {
  if (ts.isParenthesizedExpression(node)) return passedOn(node.expression, params);
  if (ts.isIdentifier(node)) return params.includes(node.text) ? [node.text] : [];
  if (ts.isConditionalExpression(node))
    return [...passedOn(node.whenTrue, params), ...passedOn(node.whenFalse, params)];
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  )
    return [...passedOn(node.left, params), ...passedOn(node.right, params)];
  return [];
}

/** The names a file imports from class-validator. */
function classValidatorImports(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text === 'class-validator'
    ) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => names.add(e.name.text));
    }
  }
  return names;
}

/** Decorators that check nothing themselves (no message of theirs reaches anyone). */
const NOT_RULES = new Set(['IsOptional', 'ValidateIf', 'Allow']);
/** class-validator's constraint name for a decorator where it is not the name with a small first letter. */
const CONSTRAINT_NAMES: Record<string, string> = {
  IsUUID: 'isUuid',
  IsISO8601: 'isIso8601',
  IsUrl: 'isUrl',
  ValidateNested: 'nestedValidation',
};
function constraintOf(decorator: string): string | undefined {
  if (NOT_RULES.has(decorator) || !/^[A-Z]/.test(decorator)) return undefined;
  return CONSTRAINT_NAMES[decorator] ?? decorator[0].toLowerCase() + decorator.slice(1);
}

/** Scans the given sources (path → text) and answers every message without a Chinese character. */
export function findUnchineseMessages(
  sources: Map<string, string>,
  nouns: Readonly<Record<string, string>>,
  /** class-validator rules whose default English the ValidationPipe puts in Chinese (validation.ts). */
  translated: ReadonlySet<string> = new Set(),
): Finding[] {
  const files = [...sources].map(([rel, text]) => ts.createSourceFile(rel, text, ts.ScriptTarget.ES2022, true));
  const classes = new Map<string, ClassInfo[]>();
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) {
        const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
        const base = heritage && ts.isIdentifier(heritage.expression) ? heritage.expression.text : undefined;
        const ctor = node.members.find(ts.isConstructorDeclaration);
        const list = classes.get(node.name.text) ?? [];
        list.push({ file, base, ctor });
        classes.set(node.name.text, list);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  // Where a message is not written at the throw: a constant of its file (`const CODE_MESSAGE = '…'`,
  // `const refusal = itemRefusal(…)`), or what a named function returns (the state machine's refusals).
  const declarations = new Map<ts.SourceFile, Map<string, ts.Expression[]>>();
  const functions = new Map<string, ts.Node[]>();
  for (const file of files) {
    const own = new Map<string, ts.Expression[]>();
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const init = node.initializer;
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
          functions.set(node.name.text, [...(functions.get(node.name.text) ?? []), init]);
        else own.set(node.name.text, [...(own.get(node.name.text) ?? []), init]);
      }
      if (ts.isFunctionDeclaration(node) && node.name && node.body)
        functions.set(node.name.text, [...(functions.get(node.name.text) ?? []), node]);
      ts.forEachChild(node, visit);
    };
    visit(file);
    declarations.set(file, own);
  }
  const returned = (fn: ts.Node): ts.Expression[] => {
    if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return [fn.body];
    const out: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
      // A function inside answers for itself.
      if (node !== fn && ts.isFunctionLike(node)) return;
      ts.forEachChild(node, visit);
    };
    visit(fn);
    return out;
  };

  /** The expressions a message can come from: both sides of `?:`, `??` and `||`, a constant, a function's returns. */
  const sourcesOf = (node: ts.Expression, depth = 0): ts.Expression[] => {
    if (depth > 4) return [];
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return sourcesOf(node.expression, depth);
    if (ts.isConditionalExpression(node))
      return [...sourcesOf(node.whenTrue, depth), ...sourcesOf(node.whenFalse, depth)];
    if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      return [...sourcesOf(node.left, depth), ...sourcesOf(node.right, depth)];
    if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) return sourcesOf(node.body, depth);
    if (ts.isIdentifier(node)) {
      const found = declarations.get(node.getSourceFile())?.get(node.text) ?? [];
      return found.flatMap((init) => sourcesOf(init, depth + 1));
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      return (functions.get(node.expression.text) ?? []).flatMap((fn) =>
        returned(fn).flatMap((e) => sourcesOf(e, depth + 1)),
      );
    }
    return [node];
  };

  /** The text of a literal, or of a template with its substitutions left out (a constant's text kept in). */
  const staticText = (node: ts.Expression, depth = 0): string | undefined => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isParenthesizedExpression(node)) return staticText(node.expression, depth);
    if (ts.isTemplateExpression(node))
      return (
        node.head.text +
        node.templateSpans.map((span) => (constantText(span.expression, depth) ?? '') + span.literal.text).join('')
      );
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const parts = [staticText(node.left, depth), staticText(node.right, depth)];
      return parts.some((p) => p !== undefined) ? parts.map((p) => p ?? '').join('') : undefined;
    }
    return undefined;
  };
  const constantText = (node: ts.Expression, depth: number): string | undefined => {
    if (!ts.isIdentifier(node) || depth > 3) return undefined;
    const [init, ...more] = declarations.get(node.getSourceFile())?.get(node.text) ?? [];
    return init && more.length === 0 ? staticText(init, depth + 1) : undefined;
  };

  /** The literal texts an expression can end up as. A template of substitutions only (`${reason}`) says nothing by itself. */
  const candidateTexts = (node: ts.Expression): { node: ts.Node; text: string }[] =>
    sourcesOf(node).flatMap((source) => {
      const text = staticText(source);
      return text !== undefined && /[^\s:：,，.。;；()（）"'`-]/u.test(text) ? [{ node: source, text }] : [];
    });

  const findings: Finding[] = [];
  const where = (node: ts.Node) => {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    return `${file.fileName}:${line + 1}`;
  };
  const check = (expr: ts.Expression, role: Role) => {
    for (const { node, text } of candidateTexts(expr)) {
      if (role === 'message' && !HAN.test(text)) findings.push({ at: where(node), text, why: '消息里没有中文' });
      if (role === 'noun' && !HAN.test(text) && !(text in nouns))
        findings.push({ at: where(node), text, why: 'NotFoundError 的名称不在 NOT_FOUND_NOUNS 里，也不是中文' });
    }
  };

  // Which constructor positions of each class become a message (or a noun), found once per class.
  const roles = new Map<string, Map<number, Role> | null>();
  const rolesOf = (name: string, seen = new Set<string>()): Map<number, Role> | null => {
    if (roles.has(name)) return roles.get(name)!;
    // The roots, written out: InputError builds `${field}: ${message}`, whose field is no message.
    if (name === 'DomainError') return new Map([[1, 'message']]);
    if (name === 'InputError' && rolesOf('DomainError')) {
      roles.set(name, new Map([[1, 'message']]));
      for (const info of classes.get(name) ?? [])
        info.ctor?.parameters.forEach((p) => p.initializer && check(p.initializer, 'message'));
      return roles.get(name)!;
    }
    const infos = classes.get(name);
    if (!infos || seen.has(name)) return null;
    seen.add(name);
    let found: Map<number, Role> | null = null;
    for (const info of infos) {
      const parent = info.base ? rolesOf(info.base, seen) : null;
      if (!parent) continue;
      const own = new Map<number, Role>();
      if (!info.ctor) {
        parent.forEach((role, i) => own.set(i, role));
      } else {
        const params = info.ctor.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
        const superCall = info.ctor.body?.statements
          .map((s) => (ts.isExpressionStatement(s) ? s.expression : undefined))
          .find(
            (e): e is ts.CallExpression =>
              !!e && ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.SuperKeyword,
          );
        parent.forEach((role, i) => {
          const arg = superCall?.arguments[i];
          if (!superCall) return;
          if (!arg) {
            // Left to the parent's default, which is checked where it is written.
            return;
          }
          // A parameter handed on (`super(message)`, `super(reason ?? '…')`) is this class's message too.
          for (const param of passedOn(arg, params)) {
            const index = params.indexOf(param);
            own.set(index, role);
            const initializer = info.ctor!.parameters[index].initializer;
            if (initializer) check(initializer, role);
          }
          check(arg, role);
        });
      }
      // NotFoundError(what, key, field): `what` is a noun to put in Chinese through NOT_FOUND_NOUNS.
      if (name === 'NotFoundError') own.set(0, 'noun');
      found = own;
    }
    roles.set(name, found);
    return found;
  };
  for (const name of classes.keys()) rolesOf(name);

  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
        const role = rolesOf(node.expression.text);
        role?.forEach((r, i) => {
          const arg = node.arguments?.[i];
          if (arg) check(arg, r);
        });
      }
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'message') {
        check(node.initializer, 'message');
      }
      if (ts.isDecorator(node) && ts.isCallExpression(node.expression)) checkBareRule(node.expression);
      ts.forEachChild(node, visit);
    };
    const validators = classValidatorImports(file);
    // A rule used without a message of its own says class-validator's English, which the
    // ValidationPipe puts in Chinese by the rule's name: the rule must be one it knows.
    const checkBareRule = (call: ts.CallExpression) => {
      const name = ts.isIdentifier(call.expression) ? call.expression.text : '';
      const constraint = validators.has(name) ? constraintOf(name) : undefined;
      if (!constraint) return;
      const hasMessage = call.arguments.some(
        (a) =>
          ts.isObjectLiteralExpression(a) &&
          a.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'message'),
      );
      if (!hasMessage && !translated.has(constraint))
        findings.push({
          at: where(call),
          text: `@${name}()`,
          why: `没有自己的中文消息，其默认英文（${constraint}）也不在 CHINESE_VALIDATION_MESSAGES 里`,
        });
    };
    visit(file);
  }
  return findings;
}

describe('every message a person reads is in Chinese', () => {
  it('holds across libs/, apps/api and apps/worker (but for the files not swept yet)', () => {
    const sources = new Map(
      SCANNED.flatMap(sourceFiles)
        .filter((rel) => !excluded(rel))
        .map((rel) => [rel, readFileSync(path.join(ROOT, rel), 'utf8')] as const),
    );
    expect(sources.size).toBeGreaterThan(300);
    const translated = new Set(Object.keys(CHINESE_VALIDATION_MESSAGES));
    const findings = findUnchineseMessages(sources, NOT_FOUND_NOUNS, translated).filter(
      (f) => !KEPT_ENGLISH.some((k) => f.at.startsWith(`${k.file}:`) && f.text === k.text),
    );
    expect(findings.map((f) => `${f.at} ${f.why}: ${JSON.stringify(f.text)}`)).toEqual([]);
  });

  it('still names every entry of the exclusion list: a file that moved or went is deleted from it', () => {
    const files = new Set(SCANNED.flatMap(sourceFiles));
    for (const entry of NOT_YET_SWEPT) {
      expect([entry, [...files].some((f) => (entry.endsWith('/') ? f.startsWith(entry) : f === entry))]).toEqual([
        entry,
        true,
      ]);
    }
  });

  describe('the scan itself', () => {
    const scan = (text: string) =>
      findUnchineseMessages(
        new Map([
          [
            'libs/core/errors.ts',
            `export class DomainError extends Error { constructor(readonly code: string, message: string, readonly field?: string) { super(message); } }
export class InputError extends DomainError { constructor(field: string, message: string) { super('BAD_USER_INPUT', message.startsWith(field) ? message : \`\${field}: \${message}\`, field); } }
export class NotFoundError extends DomainError { constructor(what: string, key: string, field?: string) { super('NOT_FOUND', \`找不到\${what} \${key}\`, field); } }
export class ForbiddenError extends DomainError { constructor(message = '你没有权限') { super('FORBIDDEN', message); } }`,
          ],
          ['libs/x/x.ts', text],
        ]),
        { Campaign: '项目' },
      ).map((f) => f.at);

    it('names file:line of an English InputError, a literal, a template or either side of a condition', () => {
      expect(
        scan(`class Mine extends InputError {}
throw new InputError('input.goalFen', 'must be positive');
throw new Mine('x', \`must be \${1}\`);
throw new InputError('x', ok ? '好' : 'bad');`),
      ).toEqual(['libs/x/x.ts:2', 'libs/x/x.ts:3', 'libs/x/x.ts:4']);
    });

    it('follows a subclass that passes its own parameter on, and checks what it writes itself', () => {
      expect(
        scan(`class Late extends ForbiddenError { constructor(what: string, message = 'too late') { super(message); } }
class Taken extends ForbiddenError { constructor(name: string) { super(\`\${name} is taken\`); } }
new Late('x', 'nope');
new Late('x', '太晚了');`),
      ).toEqual(['libs/x/x.ts:1', 'libs/x/x.ts:2', 'libs/x/x.ts:3']);
    });

    it('checks class-validator options and NotFoundError nouns; passes Chinese and leaves new Error alone', () => {
      expect(
        scan(`class A { @IsUUID('all', { message: 'campaignId must be a campaign id' }) a!: string;
  @IsUUID('all', { message: '不是项目编号' }) b!: string; }
new NotFoundError('Campaign', id);
new NotFoundError('Parcel', id);
new Error('an invariant broke');
new InputError('x', \`\${reason}\`);`),
      ).toEqual(['libs/x/x.ts:1', 'libs/x/x.ts:4']);
    });

    it('names a class-validator rule used bare whose English is not put in Chinese', () => {
      const findings = findUnchineseMessages(
        new Map([
          [
            'dto.ts',
            `import { IsInt, IsOptional, IsPhoneNumber, MaxLength } from 'class-validator';
class A {
  @IsOptional() @IsInt() @MaxLength(5) a!: number;
  @IsPhoneNumber('CN') b!: string;
  @IsPhoneNumber('CN', { message: '不是电话号码' }) c!: string;
}`,
          ],
        ]),
        {},
        new Set(['isInt', 'maxLength']),
      );
      expect(findings.map((f) => `${f.at} ${f.text}`)).toEqual(['dto.ts:4 @IsPhoneNumber()']);
    });

    it('checks a base class default', () => {
      const findings = findUnchineseMessages(
        new Map([
          [
            'a.ts',
            `class DomainError extends Error {}
class ForbiddenError extends DomainError { constructor(message = 'You are not allowed') { super('FORBIDDEN', message); } }`,
          ],
        ]),
        {},
      );
      expect(findings.map((f) => f.at)).toEqual(['a.ts:2']);
    });
  });
});
