import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import { expect, signIn, test } from './fixtures';

/**
 * Importing on /map: building footprints from a GeoJSON file (an OpenStreetMap-like export in
 * tests/e2e/data/buildings.geojson, footprints inside demo micro-grids) and a 台账 of households;
 * files that are not GeoJSON or too large are refused with a clear Chinese message.
 */

const data = (name: string) => path.join(import.meta.dirname, 'data', name);
type Hook = { map: import('maplibre-gl').Map; loads: number; draw?: unknown };

async function openMapAsSecretary(page: Page) {
	await signIn(page, 'secretary');
	await page.goto('/map');
	await page.waitForFunction(() => {
		const hook = (window as unknown as { gridDispatchMap?: Hook }).gridDispatchMap;
		return !!hook && hook.loads > 0 && !!hook.draw;
	});
}

async function openImport(page: Page) {
	await page.getByRole('toolbar', { name: '编辑工具' }).getByRole('button', { name: '导入' }).click();
	const dialog = page.getByRole('dialog', { name: '导入' });
	await expect(dialog).toBeVisible();
	return dialog;
}

/** Buildings of the map source with this label: what the page fetched and the map draws. */
async function buildingsNamed(page: Page, label: string) {
	return page.evaluate(async (label) => {
		const { map } = (window as unknown as { gridDispatchMap: Hook }).gridDispatchMap;
		const source = map.getSource('structure') as import('maplibre-gl').GeoJSONSource;
		const collection = (await source.getData()) as GeoJSON.FeatureCollection;
		return collection.features
			.filter((f) => f.properties?.kind === 'building' && f.properties?.label === label)
			.map((f) => ({ id: f.id as string, microGridId: f.properties?.microGridId as string, households: f.properties?.households as number }));
	}, label);
}

test.describe('importing on the map', () => {
	test('the secretary imports building footprints from a GeoJSON file and they appear on the map', async ({ page }) => {
		await openMapAsSecretary(page);
		const dialog = await openImport(page);
		await dialog.getByLabel('选择 GeoJSON 文件').setInputFiles(data('buildings.geojson'));

		const preview = dialog.getByTestId('import-preview');
		await expect(preview).toContainText('文件里有 3 个楼栋轮廓。');
		await expect(preview).toContainText('另有 1 个不是多边形的要素已跳过。');
		const items = preview.getByRole('listitem');
		await expect(items.filter({ hasText: '31号楼' })).toContainText('第三网格第2微网格');
		await expect(items.filter({ hasText: '31号楼' })).toContainText('1 个单元 × 11 层 × 每层 2 户');
		await expect(items.filter({ hasText: '32号楼' })).toContainText('第三网格第2微网格');
		await expect(items.filter({ hasText: '导入试验楼' })).toContainText('第五网格第4微网格');
		// A preview changes nothing.
		expect(await buildingsNamed(page, '31号楼')).toHaveLength(0);

		await dialog.getByRole('button', { name: '导入 3 栋' }).click();
		await expect(dialog.getByRole('status').filter({ hasText: '已导入 3 栋楼。' })).toBeVisible();
		await dialog.getByRole('button', { name: '关闭' }).click();
		await expect(dialog).toBeHidden();

		await expect.poll(() => buildingsNamed(page, '31号楼')).toEqual([expect.objectContaining({ households: 22 })]);
		expect(await buildingsNamed(page, '导入试验楼')).toEqual([expect.objectContaining({ households: 20 })]);
		// Drawn on the map: find it through the search and see its panel.
		await page.getByRole('combobox').fill('导入试验楼');
		await page.getByRole('option', { name: /导入试验楼/ }).click();
		await expect(page.getByTestId('map-details').getByRole('heading', { name: '导入试验楼' })).toBeVisible();
		await expect
			.poll(() =>
				page.evaluate(
					() =>
						(window as unknown as { gridDispatchMap: Hook }).gridDispatchMap.map
							.queryRenderedFeatures({ layers: ['building-fill'] })
							.filter((f) => f.properties?.label === '导入试验楼').length
				)
			)
			.toBeGreaterThan(0);

		// Leave the community as it was, so the file imports again on the next run against this server.
		const communityId = await page.evaluate(async () => {
			const communities = (await (await fetch('/api/communities')).json()) as { id: string; name: string }[];
			return communities.find((c) => c.name === '乐雅社区')!.id;
		});
		for (const label of ['31号楼', '32号楼', '导入试验楼'])
			for (const { id } of await buildingsNamed(page, label)) {
				const response = await page.request.delete(`/api/communities/${communityId}/buildings/${id}`, {
					headers: { origin: new URL(page.url()).origin }
				});
				expect(response.status()).toBe(204);
			}
	});

	test.describe(() => {
		test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\).*\/imports\/buildings\b/] });
		test('a file that is not GeoJSON is refused with a Chinese message, and nothing is imported', async ({ page }) => {
			await openMapAsSecretary(page);
			const dialog = await openImport(page);
			await dialog.getByLabel('选择 GeoJSON 文件').setInputFiles(data('minutes.txt'));
			const error = dialog.getByTestId('import-error');
			await expect(error).toHaveText('文件不是有效的 JSON，无法作为 GeoJSON 读取。');
			await expect(dialog.getByTestId('import-preview')).toHaveCount(0);
			await expect(dialog.getByRole('button', { name: /^导入 \d+ 栋$/ })).toHaveCount(0);
		});
	});

	test('a file over 20 MB is refused before it is sent', async ({ page }, testInfo) => {
		// A file on disk, not a buffer: Playwright hands a buffer to the page as base64 (about 15 s
		// for 21 MB on a busy 2-core machine, past the test's timeout), a path in a fraction of a second.
		const wholeCity = testInfo.outputPath('whole-city.geojson');
		writeFileSync(wholeCity, Buffer.alloc(21 * 1024 * 1024, 0x20));
		await openMapAsSecretary(page);
		const uploads: string[] = [];
		page.on('request', (request) => {
			if (request.url().includes('/imports/')) uploads.push(request.url());
		});
		const dialog = await openImport(page);
		await dialog.getByLabel('选择 GeoJSON 文件').setInputFiles(wholeCity);
		await expect(dialog.getByTestId('import-error')).toHaveText('文件有 21 MB，超过了 20 MB 的上限，请拆分后再上传。');
		expect(uploads).toEqual([]);
	});

	test('the secretary replaces a building’s households from a 台账, after a before → after preview', async ({ page }) => {
		await openMapAsSecretary(page);
		// A building of its own (2 units × 3 floors × 2 rooms), so no other test's building changes.
		const label = `台账楼${Date.now().toString(36).slice(-5)}`;
		const created = await page.evaluate(async (label) => {
			const communities = (await (await fetch('/api/communities')).json()) as { id: string; name: string }[];
			const communityId = communities.find((c) => c.name === '乐雅社区')!.id;
			const map = (await (await fetch(`/api/communities/${communityId}/map`)).json()) as GeoJSON.FeatureCollection;
			const micro = map.features.find((f) => f.properties?.kind === 'microGrid' && f.properties?.name === '第五网格第4微网格')!;
			const response = await fetch(`/api/communities/${communityId}/buildings`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					label,
					microGridId: micro.properties?.id,
					geometry: {
						type: 'Polygon',
						coordinates: [[[119.40285, 32.3591], [119.40307, 32.3591], [119.40307, 32.35922], [119.40285, 32.35922], [119.40285, 32.3591]]]
					},
					units: 2,
					floors: 3,
					roomsPerFloor: 2
				})
			});
			return response.status;
		}, label);
		expect(created).toBe(201);
		await expect.poll(() => buildingsNamed(page, label)).toEqual([expect.objectContaining({ households: 12 })]);

		// The usual 台账: one row per household, door numbers as people write them (101 or just 1).
		const rows = ['楼栋,单元,楼层,房号'];
		for (const unit of [1, 2]) for (const floor of [1, 2, 3, 4]) for (const room of [1, 2, 3]) rows.push(`${label},${unit},${floor},${floor}0${room}`);
		const dialog = await openImport(page);
		await dialog.getByRole('tab', { name: '住户台账' }).click();
		await dialog.getByLabel('选择 Excel（.xlsx）或 CSV 台账').setInputFiles({
			name: '住户台账.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(rows.join('\r\n'), 'utf8')
		});

		const preview = dialog.getByTestId('import-preview');
		await expect(preview).toContainText('共读取 24 行，涉及 1 栋楼。');
		await expect(preview.getByRole('row', { name: new RegExp(label) })).toContainText(/12\s*24/);
		expect((await buildingsNamed(page, label))[0].households).toBe(12);

		await dialog.getByRole('button', { name: '更新 1 栋楼的住户' }).click();
		await expect(dialog.getByRole('status').filter({ hasText: '已更新 1 栋楼的住户。' })).toBeVisible();
		await expect.poll(async () => (await buildingsNamed(page, label))[0].households).toBe(24);
	});
});
