import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountCache } from './account-cache.js';

test('a cached value is served until it is invalidated or its time is up', async () => {
  let t = 0;
  let loads = 0;
  const cache = accountCache<number>(1000, () => t);
  const load = async () => ++loads;
  assert.equal(await cache.get('a', load), 1);
  assert.equal(await cache.get('a', load), 1);
  assert.equal(await cache.get('b', load), 2, 'each account has its own entry');
  cache.invalidate('a');
  assert.equal(await cache.get('a', load), 3, 'read again at once after a write in this process');
  t = 1001;
  assert.equal(await cache.get('a', load), 4, 'read again after the time-to-live');
});

test('a load that overlaps an invalidation is returned but not kept', async () => {
  const cache = accountCache<string>(60_000);
  let release!: () => void;
  const slow = cache.get('a', () => new Promise<string>((resolve) => (release = () => resolve('old'))));
  cache.invalidate('a');
  release();
  assert.equal(await slow, 'old');
  assert.equal(await cache.get('a', async () => 'new'), 'new');
});
