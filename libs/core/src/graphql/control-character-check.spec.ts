import { getOperationAST, parse } from 'graphql';
import { ControlCharacterError, controlCharacterIn, controlCharactersIn } from '../errors/control-characters';
import { ErrorCode } from '../errors/domain-error';
import { controlCharactersInOperation } from './control-character-check';

function findings(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return controlCharactersInOperation(document, operation, variables);
}

describe('control characters', () => {
  it('are C0 but tab, line feed and carriage return, and DEL; C1 and other text pass', () => {
    for (let c = 0; c < 0x20; c++) {
      const text = `a${String.fromCharCode(c)}b`;
      if (c === 0x09 || c === 0x0a || c === 0x0d) expect(controlCharacterIn(text)).toBeUndefined();
      else expect(controlCharacterIn(text)).toBe(`U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    expect(controlCharacterIn('\u007f')).toBe('U+007F');
    for (const fine of ['慈心一日捐 张三', 'line\r\nnext\tcol', '\u0085', '😀', '']) {
      expect(controlCharacterIn(fine)).toBeUndefined();
    }
  });

  it('are found anywhere in a JSON value, by path, keys too', () => {
    expect(
      controlCharactersIn(
        { a: 'ok', lines: [{ name: 'x' }, { name: 'y\u0000' }], n: 3, deep: { list: ['\u001b[31m'] } },
        'input',
      ),
    ).toEqual([
      { field: 'input.lines.1.name', character: 'U+0000' },
      { field: 'input.deep.list.0', character: 'U+001B' },
    ]);
    expect(controlCharactersIn({ 'k\u0001': 'v' }, 'body')).toEqual([{ field: 'body.k\\u0001', character: 'U+0001' }]);
    expect(controlCharactersIn(null, 'x')).toEqual([]);
  });

  it('make one BAD_USER_INPUT naming every field, in Chinese', () => {
    const err = new ControlCharacterError(
      [
        { field: 'input.message', character: 'U+0000' },
        { field: 'input.name', character: 'U+0007' },
      ],
      'createDonation',
    );
    expect(err.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(err.field).toBe('input.message');
    expect(err.message).toBe(
      'createDonation 的参数 input.message（U+0000）、input.name（U+0007） 含有不允许的控制字符：除制表符、换行符和回车符外，文字中不能有控制字符，请删除后重试',
    );
  });
});

describe('controlCharactersInOperation', () => {
  it('finds an inline literal, nested in input objects and lists', () => {
    expect(
      findings(
        'mutation { createDonation(input: { campaignId: "1", message: "hi\\u0000", tags: ["a", "b\\u0001"] }) { id } }',
      ),
    ).toEqual([
      {
        field: 'createDonation',
        findings: [
          { field: 'input.message', character: 'U+0000' },
          { field: 'input.tags.1', character: 'U+0001' },
        ],
      },
    ]);
  });

  it('finds a whole variable, a variable inside a literal, and a variable default', () => {
    const source = `mutation($input: CreateDonationInput!, $m: String, $d: String = "x\\u0002") {
      a: createDonation(input: $input) { id }
      b: registerItem(input: { category: "衣物", description: $m, unit: $d }) { id }
    }`;
    expect(findings(source, { input: { message: 'x\u0000', lines: [{ name: '\u007f' }] }, m: 'ok' })).toEqual([
      {
        field: 'a',
        findings: [
          { field: 'input.message', character: 'U+0000' },
          { field: 'input.lines.0.name', character: 'U+007F' },
        ],
      },
      { field: 'b', findings: [{ field: 'input.unit', character: 'U+0002' }] },
    ]);
  });

  it('finds the arguments of nested fields, inside fragments and inline fragments, once per fragment', () => {
    const source = `query($c: String!) {
      campaign(slug: "ok") { ...F ... on Campaign { updates(after: "\\u0003") { id } } }
      other: campaign(slug: "ok2") { ...F }
    }
    fragment F on Campaign { donations(note: $c) { id } }`;
    expect(findings(source, { c: '\u0000' })).toEqual([
      { field: 'campaign.donations', findings: [{ field: 'note', character: 'U+0000' }] },
      { field: 'campaign.updates', findings: [{ field: 'after', character: 'U+0003' }] },
    ]);
  });

  it('leaves clean operations, numbers, enums and unused variables alone', () => {
    expect(
      findings('query($n: Int, $s: Status) { items(first: $n, status: $s, note: "a\\tb\\nc") { code } }', {
        n: 5,
        s: 'PACKED',
        unused: '\u0000',
      }),
    ).toEqual([]);
  });
});
