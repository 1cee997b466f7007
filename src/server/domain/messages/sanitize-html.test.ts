import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToPlainText, sanitizeCustomerHtml } from './sanitize-html.js';

const HOSTILE = `
<p onclick="steal()">Hello <b>there</b></p>
<script>alert(1)</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>
<img src="x" onerror="alert(2)"><img src="http://tracker.example/pixel.gif" alt="logo">
<a href="javascript:alert(3)">click</a><a href="JaVaScRiPt&colon;alert(4)">again</a>
<a href="https://example.org/help">help</a>
<div style="width: expression(alert(5)); background:url(javascript:alert(6))">styled</div>
<style>body{background:url(http://evil.example/bg.png)}</style>
<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name=q></form>
<svg onload="alert(7)"><circle r=1 /></svg><object data="x.swf"></object>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==">data</a>
<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoOSk+">
<img src="cid:logo123" alt="inline">`;

test('hostile HTML loses every way to run code or reach the network', () => {
  const clean = sanitizeCustomerHtml(HOSTILE).toLowerCase();
  for (const forbidden of ['<script', 'onclick', 'onerror', 'onload', 'javascript', 'expression(', '<style', 'style=', '<iframe', '<form', '<input', '<svg', '<object', 'data:text/html', 'data:image/svg']) {
    assert.ok(!clean.includes(forbidden), `"${forbidden}" was removed`);
  }
  assert.doesNotMatch(clean, /\ssrc="https?:/, 'no image loads from the network');
});

test('formatting, safe links and inline cid images survive; remote images are held back for consent', () => {
  const clean = sanitizeCustomerHtml(HOSTILE);
  assert.match(clean, /<p>Hello <b>there<\/b><\/p>/);
  assert.match(clean, /<a href="https:\/\/example.org\/help" rel="noopener noreferrer nofollow" target="_blank">help<\/a>/);
  assert.match(clean, /data-remote-src="http:\/\/tracker.example\/pixel.gif"/);
  assert.match(clean, /src="cid:logo123"/);
});

test('an HTML-only message gets a readable plain-text body', () => {
  assert.equal(htmlToPlainText('<p>Hello</p><p>My order <b>4471</b> is late.</p>'), 'Hello\n\nMy order 4471 is late.');
});
