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
