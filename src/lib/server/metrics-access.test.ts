import { describe, expect, it } from 'vitest';
import { metricsAccess } from './metrics-access';

describe('metricsAccess', () => {
	it('without a token, lets only the loopback address in', () => {
		for (const clientAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
			expect(metricsAccess({ authorization: null, clientAddress }, undefined)).toEqual({ ok: true });
		}
		for (const clientAddress of ['10.0.0.5', '127.0.0.2', '::ffff:10.0.0.5', '']) {
			expect(metricsAccess({ authorization: null, clientAddress }, undefined)).toEqual({ ok: false, status: 403 });
		}
	});

	it('with a token, asks everyone for it, loopback included', () => {
		const token = 's3cret-token';
		expect(metricsAccess({ authorization: `Bearer ${token}`, clientAddress: '10.0.0.5' }, token)).toEqual({ ok: true });
		expect(metricsAccess({ authorization: `bearer ${token}`, clientAddress: '10.0.0.5' }, token)).toEqual({ ok: true });
		for (const authorization of [null, 'Bearer wrong', `Basic ${token}`, `Bearer ${token}x`]) {
			expect(metricsAccess({ authorization, clientAddress: '127.0.0.1' }, token)).toEqual({ ok: false, status: 401 });
		}
	});
});
