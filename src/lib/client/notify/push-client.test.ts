import { expect, it } from 'vitest';
import { deviceName, isIos } from './push-client';

const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const huawei = 'Mozilla/5.0 (Linux; Android 12; NOH-AN00) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.5.302 Mobile Safari/537.36';

it('names devices for the list', () => {
	expect(deviceName(iphone)).toBe('iPhone · Safari');
	expect(deviceName(android)).toBe('Android · Chrome');
	expect(deviceName(huawei)).toBe('Android · 华为浏览器');
	expect(deviceName('')).toBe('');
});

it('knows an iPhone, and an iPad that calls itself a Mac', () => {
	expect(isIos({ userAgent: iphone, platform: 'iPhone', maxTouchPoints: 5 })).toBe(true);
	expect(isIos({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', platform: 'MacIntel', maxTouchPoints: 5 })).toBe(true);
	expect(isIos({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', platform: 'MacIntel', maxTouchPoints: 0 })).toBe(false);
	expect(isIos({ userAgent: android, platform: 'Linux armv8l', maxTouchPoints: 5 })).toBe(false);
});
