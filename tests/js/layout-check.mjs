#!/usr/bin/env node
// layout-check.mjs - report.html as a department's laptop shows it: 1366 px
// wide in Debian's headless Chromium (driven by playwright-core).
//
//   node tests/js/layout-check.mjs REPORT.html RESULTS.json [MAX_ROW_PX]
//
// Checked, each measured in the browser:
// - the indicator table comes first after the headline, starts in the first
//   screen, and its figures are results.json's summary.indicators (share,
//   "count из total", the share over the organisations checked);
// - every organisation's evidence, opened from its row, is shown in a panel
//   at least 60 % of the window wide (not in the row), and no row of the
//   organisations table is taller than MAX_ROW_PX (default 400) with every
//   piece of evidence opened;
// - no word of a header or a cell of any table is broken across lines: a
//   word is a run of letters (hyphenated runs too) standing alone between
//   spaces, so a URL, which may wrap, is not one; each word's Range must lie
//   on one line;
// - each row links to its notice (notices/ID.html) exactly when results.json
//   says the organisation was counted and is not compliant, and the file is
//   there beside the report;
// - without JavaScript: no filter control that would do nothing, every row
//   shown, and each row's «Подробно» leads to its evidence, shown on the page.
//
// Prints "ok - ..." or "not ok - ..." per check and a summary line; exits 0
// only when every check passed (1 when one failed, 2 on bad usage).

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, norm, tally } from './checks.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VIEWPORT = { width: 1366, height: 768 };
const MIN_PANEL_SHARE = 0.6;   // the evidence panel, of the window's width

const [reportPath, resultsPath, maxArg] = process.argv.slice(2);
if (!reportPath || !resultsPath || !fs.existsSync(reportPath) || !fs.existsSync(resultsPath)) {
	console.error('usage: node tests/js/layout-check.mjs REPORT.html RESULTS.json [MAX_ROW_PX]');
	process.exit(2);
}
const MAX_ROW_PX = maxArg ? Number(maxArg) : 400;
const results = JSON.parse(fs.readFileSync(resultsPath, 'utf8'));
const S = results.summary || {};
const orgs = results.organizations || [];

const ruShare = (x) => Number(x).toFixed(1).replace('.', ',') + '\u00a0%';

const browser = await chromium.launch({ executablePath: CHROMIUM, timeout: 20000,
	args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
try {
	const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'ru-RU' });
	page.setDefaultTimeout(5000);
	await page.goto(pathToFileURL(path.resolve(reportPath)).href, { waitUntil: 'load' });

	// ---- the indicator table: first, in the first screen, results.json's figures
	const ind = await page.evaluate(() => {
		const t = document.querySelector('#indicators table');
		if (!t) return null;
		const sections = Array.from(document.querySelectorAll('body > section')).map((s) => s.id);
		return {
			top: t.getBoundingClientRect().top, sections,
			rows: Array.from(t.tBodies[0].rows).map((r) => ({ n: r.getAttribute('data-indicator'),
				cells: Array.from(r.cells).map((c) => c.textContent) })),
		};
	});
	await check('the indicator table follows the headline and starts in the first screen', () => {
		if (!ind) return 'no #indicators table';
		if (ind.sections[0] !== 'headline' || ind.sections[1] !== 'indicators') return `sections ${ind.sections.join(', ')}`;
		return ind.top < VIEWPORT.height || `starts at ${ind.top} px`;
	});
	await check("the indicator table's figures are results.json's summary.indicators", () => {
		if (!ind) return 'no table';
		const want = S.indicators || [];
		if (ind.rows.length !== want.length || want.length === 0) return `${ind.rows.length} rows, ${want.length} indicators`;
		const bad = [];
		want.forEach((w, i) => {
			const r = ind.rows[i], c = r.cells.map(norm);
			const expect = [String(w.number), ruShare(w.share), `${w.count} из ${S.total}`, ruShare(w.checked_share)];
			const got = [r.n, c[2], c[3], c[4].split(' (')[0]];
			if (expect.some((e, k) => norm(e) !== norm(got[k]))) bad.push(`${w.number}: ${got.join(' | ')} (expected ${expect.join(' | ')})`);
			const unch = /не проверено: (\d+)/.exec(c[4]);
			if ((unch ? Number(unch[1]) : 0) !== (w.unchecked || 0)) bad.push(`${w.number}: unchecked ${unch && unch[1]}, expected ${w.unchecked}`);
		});
		return bad.length === 0 || bad.slice(0, 3).join('; ');
	});

	// ---- evidence: opened from each row, in a wide panel; rows stay short
	const nrows = await page.locator('table#orgs tbody tr.org').count();
	const narrow = [];
	for (let i = 0; i < nrows; i++) {
		const row = page.locator('table#orgs tbody tr.org').nth(i);
		await row.evaluate((r) => r.querySelectorAll('details').forEach((d) => { d.open = true; }));
		const open = row.locator('a.ev-open');
		if (await open.count() !== 1) { narrow.push(`row ${i + 1}: no evidence link`); continue; }
		await open.click();
		const w = await page.evaluate(() => {
			const d = document.querySelector('dialog[open]');
			return d ? { width: d.getBoundingClientRect().width, links: d.querySelectorAll('a').length } : null;
		});
		if (!w || w.width < MIN_PANEL_SHARE * VIEWPORT.width) narrow.push(`row ${i + 1}: panel ${w ? Math.round(w.width) + ' px' : 'not open'}`);
		await page.keyboard.press('Escape');
	}
	await check(`every row's evidence opens in a panel at least ${MIN_PANEL_SHARE * 100} % of ${VIEWPORT.width} px wide`, () =>
		(nrows === orgs.length && narrow.length === 0) || `${nrows} rows; ${narrow.slice(0, 3).join('; ')}`);
	const heights = await page.evaluate(() => Array.from(document.querySelectorAll('table#orgs tbody tr.org'))
		.map((r) => ({ id: r.cells[0].textContent.trim(), h: r.getBoundingClientRect().height })));
	const tallest = heights.reduce((a, b) => (b.h > a.h ? b : a), { h: 0 });
	console.log(`# tallest row: org ${tallest.id}, ${Math.round(tallest.h)} px (bound ${MAX_ROW_PX} px)`);
	await check(`no row taller than ${MAX_ROW_PX} px with the evidence opened`, () =>
		tallest.h <= MAX_ROW_PX || heights.filter((x) => x.h > MAX_ROW_PX).map((x) => `org ${x.id}: ${Math.round(x.h)} px`).join(', '));

	// ---- no word broken across lines in any table's headers and cells
	const broken = await page.evaluate(() => {
		const out = [];
		const word = /^[«"(„]*([\p{L}]+(?:-[\p{L}]+)*)[»"“).,;:!?]*$/u;
		for (const cell of document.querySelectorAll('th, td')) {
			if (!cell.getClientRects().length) continue;
			const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
			for (let n = walk.nextNode(); n; n = walk.nextNode()) {
				const text = n.data;
				for (const m of text.matchAll(/\S+/g)) {
					const w = word.exec(m[0]);
					if (!w || w[1].length < 2) continue;
					const start = m.index + m[0].indexOf(w[1]);
					const r = document.createRange();
					r.setStart(n, start);
					r.setEnd(n, start + w[1].length);
					const tops = new Set(Array.from(r.getClientRects()).filter((x) => x.width > 0).map((x) => Math.round(x.top)));
					if (tops.size > 1) out.push(`«${w[1]}» in ${cell.localName} of ${cell.closest('table')?.id || cell.closest('section')?.id || 'a table'}`);
				}
			}
		}
		return out;
	});
	await check(`no word of a header or cell broken across lines at ${VIEWPORT.width} px`, () =>
		broken.length === 0 || `${broken.length}: ${broken.slice(0, 4).join('; ')}`);

	// ---- a link to each notice, and only to those
	const links = await page.evaluate(() => Array.from(document.querySelectorAll('table#orgs tbody tr.org')).map((r) => ({
		id: r.cells[0].textContent.trim(), href: r.querySelector('a.notice')?.getAttribute('href') ?? null })));
	await check('each row not compliant links to its notice (notices/ID.html, there); compliant rows do not', () => {
		const bad = [];
		const dir = path.dirname(path.resolve(reportPath));
		orgs.forEach((o, i) => {
			const due = o.counted !== false && o.status !== 'compliant';
			const l = links[i];
			if (!l || l.id !== String(o.id)) { bad.push(`row ${i + 1}: id ${l && l.id}, expected ${o.id}`); return; }
			if (!due) { if (l.href !== null) bad.push(`org ${o.id} (${o.status}) links to ${l.href}`); return; }
			if (!/^[A-Za-z0-9_-]+$/.test(String(o.id))) return;   // other ids: the unit test of the mapping
			if (l.href !== `notices/${o.id}.html`) bad.push(`org ${o.id}: ${l.href}`);
			else if (!fs.existsSync(path.join(dir, l.href))) bad.push(`org ${o.id}: ${l.href} is not there`);
		});
		return bad.length === 0 || bad.slice(0, 4).join('; ');
	});

	// ---- without JavaScript the page still serves
	const ctx = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: false });
	const plain = await ctx.newPage();
	await plain.goto(pathToFileURL(path.resolve(reportPath)).href, { waitUntil: 'load' });
	const nojs = await plain.evaluate(() => {
		const box = document.querySelector('[data-filter-for="orgs"]');
		const rows = Array.from(document.querySelectorAll('table#orgs tbody tr.org'));
		const unreachable = rows.filter((r) => {
			const a = r.querySelector('a.ev-open');
			const t = a && document.getElementById(a.getAttribute('href').slice(1));
			return !t || !t.getClientRects().length || !t.querySelector('ul');
		}).length;
		return { controls: box ? box.getClientRects().length > 0 : null, rows: rows.length,
			shown: rows.filter((r) => r.getClientRects().length > 0).length, unreachable };
	});
	await check('without JavaScript: no dead filter controls, every row shown, each «Подробно» leads to its evidence on the page', () =>
		(nojs.controls === false && nojs.shown === orgs.length && nojs.rows === orgs.length && nojs.unreachable === 0)
		|| JSON.stringify(nojs));
	await ctx.close();
} finally {
	await browser.close();
}
console.log(`# layout-check: ${tally.passed + tally.failed} checks, ${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 ? 0 : 1);
