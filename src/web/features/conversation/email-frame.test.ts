import { test } from 'vitest';
import assert from 'node:assert/strict';
import { buildSrcdoc, classifyImageSource, EMAIL_FRAME_SANDBOX, emailFrameCsp, safeHref } from './email-frame.ts';

test('the frame never runs scripts and loads nothing remote until consent, then https images only', () => {
  assert.doesNotMatch(EMAIL_FRAME_SANDBOX, /allow-scripts|allow-forms|allow-top-navigation/);
  const before = emailFrameCsp(false);
  assert.match(before, /default-src 'none'/);
  assert.doesNotMatch(before, /https:|http:|\*/);
  const after = emailFrameCsp(true);
  assert.match(after, /img-src [^;]*https:/);
  assert.doesNotMatch(after, /http:|script-src|\*/);
  const doc = buildSrcdoc('<p>hi</p>', false);
  assert.ok(doc.indexOf('Content-Security-Policy') < doc.indexOf('<body>'), 'the policy is in the head, before any content');
  assert.ok(doc.includes(`content="${before}"`));
});

test('image sources: inline data and cid are shown, https waits for consent, plain http and others never load', () => {
  assert.equal(classifyImageSource('data:image/png;base64,AAAA'), 'inline');
  assert.equal(classifyImageSource('cid:logo@shop'), 'inline');
  assert.equal(classifyImageSource('https://cdn.example/x.png'), 'remote');
  assert.equal(classifyImageSource('http://127.0.0.1:9/beacon'), 'insecure');
  assert.equal(classifyImageSource('data:image/svg+xml,<svg onload=alert(1)>'), 'drop');
  assert.equal(classifyImageSource('javascript:alert(1)'), 'drop');
  assert.equal(classifyImageSource('//tracker.example/p.gif'), 'drop');
});

test('links keep only schemes that cannot run code', () => {
  assert.equal(safeHref('https://example.org'), 'https://example.org');
  assert.equal(safeHref(' mailto:a@b.c'), 'mailto:a@b.c');
  assert.equal(safeHref('javascript:alert(1)'), null);
  assert.equal(safeHref('JaVaScRiPt:alert(1)'), null);
  assert.equal(safeHref('data:text/html,<script>'), null);
  assert.equal(safeHref('vbscript:x'), null);
});
