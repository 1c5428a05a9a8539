import { describe, expect, it } from 'vitest';
import {
	dataPathOf,
	fallbackKeys,
	isRuntimeCache,
	offlineFromOf,
	offlineHomePath,
	requestKind,
	runtimeCacheName,
	shellCacheName,
	storeKeys,
	warmKindOf,
	warmPaths
} from './offline-routes';

const origin = 'https://grid.example';
const shell = new Set(['/_app/immutable/entry/start.abc.js', '/favicon.svg']);
const kindOf = (path: string, { method = 'GET', mode = 'cors', from = origin } = {}) =>
	requestKind({ method, mode, url: new URL(path, from), origin, shell });

describe('requestKind', () => {
	it('serves the precached shell and classifies pages, data and the community endpoints', () => {
		expect(kindOf('/_app/immutable/entry/start.abc.js')).toBe('shell');
		expect(kindOf('/favicon.svg', { mode: 'no-cors' })).toBe('shell');
		expect(kindOf('/tasks/t0123456789abcdef?b=bld1', { mode: 'navigate' })).toBe('page');
		expect(kindOf('/', { mode: 'navigate' })).toBe('page');
		expect(kindOf('/tasks/t1/__data.json?x-sveltekit-invalidated=01')).toBe('data');
		expect(kindOf('/__data.json')).toBe('data');
		expect(kindOf('/api/communities/c1/map')).toBe('api');
		expect(kindOf('/api/communities/c1/tasks?status=open')).toBe('api');
		expect(kindOf('/_app/env.js')).toBe('api');
	});

	it('never touches sync, sign-in and sign-out, operator endpoints, writes or other origins', () => {
		expect(kindOf('/login', { mode: 'navigate' })).toBe('bypass');
		expect(kindOf('/login?next=%2Ftasks', { mode: 'navigate' })).toBe('bypass');
		expect(kindOf('/logout', { mode: 'navigate' })).toBe('bypass');
		expect(kindOf('/login/__data.json')).toBe('bypass');
		expect(kindOf('/sync/community:c1')).toBe('bypass');
		expect(kindOf('/healthz')).toBe('bypass');
		expect(kindOf('/metrics')).toBe('bypass');
		expect(kindOf('/api/communities/c1/map', { method: 'POST' })).toBe('bypass');
		expect(kindOf('/tasks', { method: 'POST', mode: 'navigate' })).toBe('bypass');
		expect(kindOf('/api/communities/c1/buildings/b1', { method: 'PATCH' })).toBe('bypass');
		expect(kindOf('/api/communities/c1/buildings/b1', { method: 'DELETE' })).toBe('bypass');
		expect(kindOf('/api/communities/c1/buildings/b1')).toBe('bypass');
		expect(kindOf('/api/me')).toBe('bypass');
		expect(kindOf('/tiles/1/2/3.png', { from: 'https://tile.example' })).toBe('bypass');
		expect(kindOf('/_app/version.json')).toBe('bypass');
		// Older build output is not ours to keep: straight to the network.
		expect(kindOf('/_app/immutable/chunks/old.js')).toBe('bypass');
	});
});

describe('cache keys', () => {
	const url = (path: string) => new URL(path, origin);

	it('a door grid falls back to its task page, never the other way round', () => {
		expect(fallbackKeys('page', url('/tasks/t1?b=bld1'))).toEqual(['/tasks/t1?b=bld1', '/tasks/t1']);
		expect(fallbackKeys('page', url('/tasks/t1'))).toEqual(['/tasks/t1']);
		expect(fallbackKeys('page', url('/map?community=c2'))).toEqual(['/map?community=c2']);
		expect(storeKeys('page', url('/tasks/t1?b=bld1'))).toEqual(['/tasks/t1?b=bld1']);
	});

	it('sends a page with no saved copy to the saved home page, which knows what was asked for', () => {
		const home = offlineHomePath(url('/tasks/t9?b=bld1'));
		expect(home).toBe('/?offline-from=%2Ftasks%2Ft9%3Fb%3Dbld1');
		expect(fallbackKeys('page', url(home))).toEqual([home, '/']);
		expect(offlineFromOf(url(home))).toBe('/tasks/t9?b=bld1');
		expect(offlineFromOf(url('/?offline-from=https://evil.example/'))).toBeNull();
		expect(offlineFromOf(url('/?offline-from=//evil.example/'))).toBeNull();
		expect(offlineFromOf(url('/'))).toBeNull();
	});

	it('stores full data answers as the data of their page, partial ones only as themselves', () => {
		expect(storeKeys('data', url('/tasks/__data.json'))).toEqual(['/tasks/__data.json']);
		expect(storeKeys('data', url('/tasks/t1/__data.json?b=bld1&x-sveltekit-invalidated=111'))).toEqual([
			'/tasks/t1/__data.json?b=bld1&x-sveltekit-invalidated=111',
			'/tasks/t1/__data.json'
		]);
		expect(storeKeys('data', url('/tasks/t1/__data.json?x-sveltekit-invalidated=001'))).toEqual([
			'/tasks/t1/__data.json?x-sveltekit-invalidated=001'
		]);
		expect(fallbackKeys('data', url('/tasks/t1/__data.json?b=bld2&x-sveltekit-invalidated=001'))).toEqual([
			'/tasks/t1/__data.json?b=bld2&x-sveltekit-invalidated=001',
			'/tasks/t1/__data.json'
		]);
		expect(fallbackKeys('api', url('/api/communities/c1/map'))).toEqual(['/api/communities/c1/map']);
	});

	it('names caches per version and tells the user data caches from the shell', () => {
		expect(shellCacheName('v1')).toBe('grid-dispatch-shell-v1');
		expect(isRuntimeCache(runtimeCacheName('v1'))).toBe(true);
		expect(isRuntimeCache(shellCacheName('v1'))).toBe(false);
		expect(isRuntimeCache('other-app-runtime')).toBe(false);
	});
});

describe('warmPaths', () => {
	it('keeps the current door grid (as its task page), home, tasks, map and the community data ready', () => {
		expect(warmPaths({ current: '/tasks/t1?b=bld1', communityId: 'c1', taskIds: ['t1', 't2'] })).toEqual([
			'/tasks/t1',
			'/',
			'/tasks',
			'/map',
			'/tasks/t2',
			'/tasks/t1/__data.json',
			'/__data.json',
			'/tasks/__data.json',
			'/map/__data.json',
			'/tasks/t2/__data.json',
			'/api/communities/c1/map',
			'/api/communities/c1/tasks'
		]);
	});

	it('keeps only the current page and home for a user without a live community', () => {
		expect(warmPaths({ current: '/people', communityId: null })).toEqual(['/people', '/', '/people/__data.json', '/__data.json']);
	});

	it('keeps home, not a copy per page that was missing offline', () => {
		expect(warmPaths({ current: '/?offline-from=%2Fpeople', communityId: null })).toEqual(['/', '/__data.json']);
	});

	it('never asks for sign-in pages', () => {
		expect(warmPaths({ current: '/login?next=%2F', communityId: null })).toEqual(['/', '/__data.json']);
	});

	it('tells which paths are pages, data and endpoints', () => {
		expect(warmKindOf('/tasks/t1?b=x')).toBe('page');
		expect(warmKindOf('/__data.json')).toBe('data');
		expect(warmKindOf('/api/communities/c1/tasks')).toBe('api');
		expect(dataPathOf('/')).toBe('/__data.json');
		expect(dataPathOf('/map?community=c2')).toBe('/map/__data.json?community=c2');
	});
});
