// Every form a user pastes or pipes becomes the right items.
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeItem, itemsFromLines, itemsFromText, readLines, v1Result, type InputItem } from '../../src/jws/index.js';

const jws = readFileSync(new URL('../fixtures/apple/real-1.jws', import.meta.url), 'utf8').trim();
const jws2 = readFileSync(new URL('../fixtures/apple/real-2.jws', import.meta.url), 'utf8').trim();

const jwsOf = (items: InputItem[]) => items.map((i) => (i.type === 'jws' ? i.jws : i.type));

async function collect(text: string): Promise<InputItem[]> {
  const out: InputItem[] = [];
  // Odd-sized chunks, so lines and CRLF pairs straddle chunk boundaries.
  const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
  for await (const i of itemsFromLines(readLines(Readable.from(chunks)))) out.push(i);
  return out;
}

describe('itemsFromText', () => {
  it('a bare JWS, with quotes, whitespace and line breaks around and inside it', () => {
    expect(jwsOf(itemsFromText(jws))).toEqual([jws]);
    expect(jwsOf(itemsFromText(`  "${jws}"\n`))).toEqual([jws]);
    expect(jwsOf(itemsFromText(`'${jws}'`))).toEqual([jws]);
    const wrapped = jws.match(/.{1,76}/g)!.join('\n');
    expect(jwsOf(itemsFromText(wrapped))).toEqual([jws]);
  });
  it('a notification body', () => {
    expect(jwsOf(itemsFromText(JSON.stringify({ signedPayload: jws })))).toEqual([jws]);
  });
  it('a Get Test Notification Status response keeps its send attempts', () => {
    const body = { signedPayload: jws, sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'SUCCESS' }] };
    const [item] = itemsFromText(JSON.stringify(body, null, 2));
    expect(item).toMatchObject({ type: 'jws', jws, source: 'signedPayload', sendAttempts: body.sendAttempts });
  });
  it('a Get Notification History response: every signedPayload', () => {
    const body = { notificationHistory: [{ signedPayload: jws, sendAttempts: [] }, { signedPayload: jws2, sendAttempts: [] }], hasMore: false };
    const items = itemsFromText(JSON.stringify(body));
    expect(jwsOf(items)).toEqual([jws, jws2]);
    expect(items.map((i) => i.source)).toEqual(['notificationHistory[0].signedPayload', 'notificationHistory[1].signedPayload']);
  });
  it('API responses with signedTransactionInfo / signedTransactions', () => {
    expect(jwsOf(itemsFromText(JSON.stringify({ signedTransactionInfo: jws })))).toEqual([jws]);
    expect(jwsOf(itemsFromText(JSON.stringify({ signedTransactions: [jws, jws2], hasMore: false })))).toEqual([jws, jws2]);
  });
  it('several JWS or bodies, one a line', () => {
    expect(jwsOf(itemsFromText(`${jws}\n${jws2}\n`))).toEqual([jws, jws2]);
    expect(jwsOf(itemsFromText(`{"signedPayload":"${jws}"}\n{"signedPayload":"${jws2}"}`))).toEqual([jws, jws2]);
  });
  it('a JWS inside a log line', () => {
    expect(jwsOf(itemsFromText(`2025-01-01 INFO got notification signedPayload=${jws} from 17.1.2.3`))).toEqual([jws]);
  });
  it('a version 1 body is recognised, and its password is never kept', () => {
    const [item] = itemsFromText(JSON.stringify({ notification_type: 'DID_RENEW', password: 's3cret-shared', unified_receipt: { status: 0 } }));
    expect(item!.type).toBe('v1');
    const r = v1Result((item as { body: Record<string, unknown> }).body);
    expect(r.kind).toBe('notificationV1');
    expect(r.verification.status).toBe('UNSIGNED');
    expect(JSON.stringify(r)).not.toContain('s3cret-shared');
  });
  it('names what is wrong with non-payloads', () => {
    expect(itemsFromText('')[0]).toMatchObject({ type: 'error', error: { code: 'input.empty' } });
    expect(itemsFromText('hello world')[0]).toMatchObject({ type: 'error', error: { code: 'input.not-a-payload' } });
    expect(itemsFromText('{"a": 1')[0]).toMatchObject({ type: 'error', error: { code: 'input.bad-json' } });
    expect(itemsFromText('{"a": 1}')[0]).toMatchObject({ type: 'error', error: { code: 'input.no-payload' } });
    expect(itemsFromText('['.repeat(10_000) + ']'.repeat(10_000))[0]).toMatchObject({ type: 'error', error: { code: 'input.too-deep' } });
  });
});

describe('itemsFromLines (streamed input)', () => {
  it('one item a line, streamed', async () => {
    const items = await collect(`${jws}\n\n{"signedPayload":"${jws2}"}\nnot a payload\n`);
    expect(items.map((i) => [i.type, i.source])).toEqual([
      ['jws', 'line 1'],
      ['jws', 'line 3'],
      ['error', 'line 4'],
    ]);
  });
  it('a pretty-printed JSON document is joined first', async () => {
    const items = await collect(JSON.stringify({ notificationHistory: [{ signedPayload: jws }] }, null, 2));
    expect(jwsOf(items)).toEqual([jws]);
  });
  it('a JWS wrapped over lines is joined first', async () => {
    expect(jwsOf(await collect(jws.match(/.{1,76}/g)!.join('\n')))).toEqual([jws]);
  });
});

describe('readLines', () => {
  it('splits on LF and CRLF across chunk boundaries, keeps the last unterminated line', async () => {
    const out: string[] = [];
    for await (const l of readLines(Readable.from(['a\r', '\nbb\n', '\nccc\r\nd']))) out.push(l);
    expect(out).toEqual(['a', 'bb', '', 'ccc', 'd']);
  });
});

describe('decodeItem', () => {
  it('turns a non-payload into an error record instead of throwing', async () => {
    const d = await decodeItem({ type: 'jws', jws: 'eyJhbGciOiJFUzI1NiJ9.eyJ.x', source: 'line 1' });
    expect(d).toMatchObject({ source: 'line 1', error: { code: 'input.bad-payload' } });
  });
});

describe('only what is a JWS is taken (issue 10 point 6)', () => {
  const appended = `${jws}.AAAA`;
  it('a genuine JWS with a fourth part appended is refused, as an argument, in a log line, in a body and as a batch line', async () => {
    expect(itemsFromText(appended)[0]).toMatchObject({ type: 'error', error: { code: 'input.too-many-parts' } });
    expect(itemsFromText(`INFO payload=${appended} from 17.1.2.3`)[0]).toMatchObject({ type: 'error', error: { code: 'input.too-many-parts' } });
    const [body] = itemsFromText(JSON.stringify({ signedPayload: appended }));
    expect(await decodeItem(body!)).toMatchObject({ error: { code: 'input.too-many-parts', message: expect.stringContaining('it has 4 parts') } });
    const items = await collect(`${jws}\n${appended}\n${jws2}\n`);
    expect(items.map((i) => [i.type, i.source])).toEqual([
      ['jws', 'line 1'],
      ['error', 'line 2'],
      ['jws', 'line 3'],
    ]);
  });
  it('a batch whose first line is the bad one is still read one item a line', async () => {
    const items = await collect(`${appended}\n${jws}\n${jws2}\n`);
    expect(items.map((i) => [i.type, i.source])).toEqual([
      ['error', 'line 1'],
      ['jws', 'line 2'],
      ['jws', 'line 3'],
    ]);
  });
  it('a JWS at the end of a sentence keeps its three parts', () => {
    expect(jwsOf(itemsFromText(`The payload was ${jws}.`))).toEqual([jws]);
  });
});

describe('a JWS cut short says what is missing and why (issue 11)', () => {
  const [h, p] = jws.split('.') as [string, string];
  const code = (text: string) => {
    const [item] = itemsFromText(text);
    return item?.type === 'error' ? item.error.code : item?.type;
  };
  it('names each way a JWS is cut', () => {
    expect(h.length).toBeGreaterThan(4096);
    // A 4 KB log line ends inside Apple's header.
    expect(code(jws.slice(0, 4096))).toBe('input.jws-header-cut');
    expect(code(h)).toBe('input.jws-header-only');
    expect(code(`${h}.`)).toBe('input.jws-payload-cut');
    expect(code(`${h}.${p.slice(0, 40)}`)).toBe('input.jws-payload-cut');
    expect(code(`${h}.${p}`)).toBe('input.jws-no-signature');
    expect(code(`2025-01-01 INFO signedPayload=${jws.slice(0, 4000)}`)).toBe('input.jws-header-cut');
    expect(code(JSON.stringify({ signedPayload: jws }).slice(0, 4096))).toBe('input.json-cut');
  });
  it('the message says how much is there and the fix names the likely cause', () => {
    const [item] = itemsFromText(jws.slice(0, 4096));
    expect(item).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('only the start of a JWS header (4096 characters)'), fix: expect.stringContaining('log line cut at its length limit') },
    });
  });
  it('a batch of lines each cut short: one error a line, and the whole lines still decode', async () => {
    const items = await collect(`${jws.slice(0, 4096)}\n${jws2.slice(0, 4096)}\n${jws}\n${h}\n`);
    expect(items.map((i) => [i.source, i.type === 'error' ? i.error.code : i.type])).toEqual([
      ['line 1', 'input.jws-header-cut'],
      ['line 2', 'input.jws-header-cut'],
      ['line 3', 'jws'],
      ['line 4', 'input.jws-header-only'],
    ]);
    // Every line cut: still one error a line, not one joined "header".
    expect(itemsFromText(`${jws.slice(0, 4096)}\n${jws2.slice(0, 4096)}`).map((i) => i.source)).toEqual(['line 1', 'line 2']);
  });
  it('a JWS wrapped at its dots is still one JWS', () => {
    expect(jwsOf(itemsFromText(`${h}.\n${p}.${jws.split('.')[2]}`))).toEqual([jws]);
  });
});

describe('linear in the size of the input (issue 10 point 4; timings in bench/decode-input.mjs)', () => {
  it('megabytes of "eyJ", of spaces and of dots are answered (each took minutes when quadratic)', () => {
    expect(itemsFromText(`x ${'eyJ'.repeat(1_000_000)}`)[0]).toMatchObject({ type: 'error' });
    expect(itemsFromText(`x${' '.repeat(2_000_000)}y`)[0]).toMatchObject({ type: 'error', error: { code: 'input.not-a-payload' } });
    expect(itemsFromText(`x ${'eyJ.'.repeat(500_000)}`)[0]).toMatchObject({ type: 'error', error: { code: 'input.too-many-parts' } });
  });
});

describe('readLines keeps only a bounded line (issue 10 point 4)', () => {
  it('a line over the cap comes out as its length, and the lines after it as usual', async () => {
    const out: unknown[] = [];
    const chunks = ['ab\n', 'x'.repeat(60), 'x'.repeat(60), 'x'.repeat(60), '\ncd\r', '\nlast'];
    for await (const l of readLines(Readable.from(chunks), 100)) out.push(l);
    expect(out).toEqual(['ab', { overlong: 180 }, 'cd', 'last']);
  });
  it('a line that spans many chunks comes out whole', async () => {
    const line = 'y'.repeat(100_000);
    const chunks = [...line.match(/.{1,7}/g)!, '\r\nz'];
    const out: unknown[] = [];
    for await (const l of readLines(Readable.from(chunks))) out.push(l);
    expect(out).toEqual([line, 'z']);
  });
  it('an endless line is one bad input in a batch; the lines around it are still items', async () => {
    async function* lines() {
      yield jws;
      yield { overlong: 70 * 1024 * 1024 };
      yield jws2;
    }
    const items: InputItem[] = [];
    for await (const i of itemsFromLines(lines())) items.push(i);
    expect(items.map((i) => [i.source, i.type === 'error' ? i.error.code : i.type])).toEqual([
      ['line 1', 'jws'],
      ['line 2', 'input.line-too-long'],
      ['line 3', 'jws'],
    ]);
  });
});
