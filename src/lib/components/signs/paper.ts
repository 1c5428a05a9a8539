import type { SignSize } from '$lib/domain/sign-sheets';

/** The paper of each size and its margin, in millimetres; a sign fills what the margins leave. */
export const papers: Record<SignSize, { width: number; height: number; margin: number }> = {
	A4: { width: 210, height: 297, margin: 10 },
	A5: { width: 148, height: 210, margin: 8 }
};

const pxPerMm = 96 / 25.4;

/** The page's width on screen, in CSS pixels. */
export function paperWidthPx(size: SignSize): number {
	return papers[size].width * pxPerMm;
}

/** The `@page` rule of a print job on this paper, as a `<style>` element for the document's head. */
export function pageRule(size: SignSize): string {
	const { margin } = papers[size];
	return `<style>@page { size: ${size} portrait; margin: ${margin}mm; }</style>`;
}
