#!/usr/bin/env node
// report-check.mjs - check report.html in headless Chromium against the
// results.json it was made from.
//
//   node tests/js/report-check.mjs REPORT.html RESULTS.json SCREENSHOT.png [CHANGES.csv]
//
// The report is opened from a file:// URL in Debian's Chromium (driven by
// playwright-core) with every request other than the file itself and data:
// URLs aborted and counted: the report must work offline. Checked: the
// headline share, the counts by status, the document chart (drawn, scrolled
// into view, bars proportional to the shares), the organisations table
// (one row per organisation in results.json order, its cells, sorting by
// name and by documents, the search box, the status filter, the evidence
// opened in a dialog), and the changes section when there is one (with CHANGES.csv:
// as many rows as the CSV). A 1280x900 screenshot of the first screen is
// written to SCREENSHOT.png.
//
// Prints "ok - ..." or "not ok - ..." per check and a summary line; exits 0
// only when every check passed (1 when one failed, 2 on bad usage or when the
// browser could not be driven at all). Never runs longer than about 55 s.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1280, height: 900 };
const CHART_WIDTH = 420;      // a bar of 100 % is this wide in the SVG's units
const WATCHDOG_MS = 55000;    // the whole run, browser start included
const STEP_MS = 5000;         // any one page action

const started = Date.now();
let passed = 0;
let failed = 0;

function report(ok, name, detail) {
	if (ok) {
		passed++;
		console.log(`ok - ${name}`);
	} else {
		failed++;
		console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`);
	}
	return ok;
}

// check(name, fn): fn returns true, or a string / false saying what is wrong,
// or throws. Async functions are awaited.
// A page action that timed out means the page hangs: the checks after it
// would only time out in turn, so the run stops there.
class PageHangs extends Error {}
async function check(name, fn) {
	let r, hangs = false;
	try {
		r = await fn();
	} catch (e) {
		r = 'exception: ' + String(e && e.message || e).split('\n')[0];
		hangs = e && e.name === 'TimeoutError';
	}
	const ok = report(r === true, name, r === true ? '' : (typeof r === 'string' ? r : 'failed'));
	if (hangs) throw new PageHangs('a page action timed out (the page hangs or an element cannot be used): stopped there');
	return ok;
}

function summary() {
	const secs = ((Date.now() - started) / 1000).toFixed(1);
	console.log(`# report-check: ${passed + failed} checks, ${passed} passed, ${failed} failed (${secs} s)`);
}

function usage(msg) {
	if (msg) console.error(`report-check: ${msg}`);
	console.error('usage: node tests/js/report-check.mjs REPORT.html RESULTS.json SCREENSHOT.png [CHANGES.csv]');
	process.exit(2);
}

// ---------------------------------------------------------------- helpers

const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
const short = (v, n = 160) => {
	const s = typeof v === 'string' ? v : JSON.stringify(v);
	return s.length > n ? s.slice(0, n) + '…' : s;
};
const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// "56,3 %" as the report writes a share: one decimal, decimal comma, U+00A0.
const ruShare = (x) => Number(x).toFixed(1).replace('.', ',') + '\u00a0%';

// A CSV file: UTF-8, optional BOM, ';' or ',' (guessed from the header
// line), CRLF or LF, RFC 4180 quoting (quoted cells may hold the separator,
// quotes doubled, and line breaks). Returns an array of records (arrays of
// cells); a last empty line does not make a record.
function parseCsv(text) {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	let sep = ',';
	for (let i = 0, q = false; i < text.length; i++) {
		const c = text[i];
		if (c === '"') q = !q;
		else if (!q && (c === '\n' || c === '\r')) break;
		else if (!q && c === ';') { sep = ';'; break; }
	}
	const records = [];
	let rec = [], cell = '', q = false, i = 0, any = false;
	while (i < text.length) {
		const c = text[i];
		if (q) {
			if (c === '"') {
				if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
				q = false; i++; continue;
			}
			cell += c; i++; continue;
		}
		if (c === '"') { q = true; any = true; i++; continue; }
		if (c === sep) { rec.push(cell); cell = ''; any = true; i++; continue; }
		if (c === '\r' || c === '\n') {
			rec.push(cell);
			records.push(rec);
			rec = []; cell = ''; any = false;
			i += (c === '\r' && text[i + 1] === '\n') ? 2 : 1;
			continue;
		}
		cell += c; any = true; i++;
	}
	if (q) throw new Error('unterminated quoted cell');
	if (any || cell !== '' || rec.length) { rec.push(cell); records.push(rec); }
	return records;
}

// A PNG as Chromium writes it (8-bit greyscale, RGB, grey+alpha or RGBA, not
// interlaced) into { width, height, pixel(x, y) -> [r, g, b] }.
function decodePng(buf) {
	const sig = [137, 80, 78, 71, 13, 10, 26, 10];
	if (buf.length < 8 || sig.some((b, i) => buf[i] !== b)) throw new Error('not a PNG');
	let off = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0;
	const idat = [];
	while (off + 8 <= buf.length) {
		const len = buf.readUInt32BE(off);
		const kind = buf.toString('latin1', off + 4, off + 8);
		const data = buf.subarray(off + 8, off + 8 + len);
		if (kind === 'IHDR') {
			width = data.readUInt32BE(0); height = data.readUInt32BE(4);
			depth = data[8]; type = data[9]; interlace = data[12];
		} else if (kind === 'IDAT') idat.push(data);
		else if (kind === 'IEND') break;
		off += 12 + len;
	}
	const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[type];
	if (depth !== 8 || !channels || interlace) throw new Error(`unsupported PNG (depth ${depth}, type ${type}, interlace ${interlace})`);
	const raw = zlib.inflateSync(Buffer.concat(idat));
	const stride = width * channels;
	const px = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const f = raw[y * (stride + 1)];
		const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		const row = px.subarray(y * stride, (y + 1) * stride);
		const up = y ? px.subarray((y - 1) * stride, y * stride) : null;
		for (let x = 0; x < stride; x++) {
			const a = x >= channels ? row[x - channels] : 0;
			const b = up ? up[x] : 0;
			const c = up && x >= channels ? up[x - channels] : 0;
			let v = src[x];
			if (f === 1) v += a;
			else if (f === 2) v += b;
			else if (f === 3) v += (a + b) >> 1;
			else if (f === 4) {
				const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
				v += (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
			} else if (f !== 0) throw new Error(`bad PNG filter ${f}`);
			row[x] = v & 255;
		}
	}
	return {
		width, height,
		pixel(x, y) {
			x = Math.round(x); y = Math.round(y);
			if (x < 0 || y < 0 || x >= width || y >= height) return null;
			const o = y * stride + x * channels;
			return channels >= 3 ? [px[o], px[o + 1], px[o + 2]] : [px[o], px[o], px[o]];
		},
	};
}

const parseRgb = (s) => {
	const m = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(s || '');
	return m ? [+m[1], +m[2], +m[3]] : null;
};
const near = (p, q, tol = 24) => p && q && p.every((v, i) => Math.abs(v - q[i]) <= tol);

// ---------------------------------------------------------------- main

const [reportPath, resultsPath, shotPath, csvPath] = process.argv.slice(2);
if (!reportPath || !resultsPath || !shotPath) usage();
if (process.argv.length > 6) usage('too many arguments');
for (const f of [reportPath, resultsPath, csvPath].filter(Boolean))
	if (!fs.existsSync(f)) usage(`${f}: no such file`);

let results;
try {
	results = JSON.parse(fs.readFileSync(resultsPath, 'utf8'));
} catch (e) {
	usage(`${resultsPath}: ${e.message}`);
}
const S = (results && results.summary) || {};
const orgs = Array.isArray(results && results.organizations) ? results.organizations : [];
const byStatus = S.by_status || {};
const statusNames = Object.keys(byStatus);
const docKeys = Object.keys(S.documents || {});

const fileUrl = pathToFileURL(path.resolve(reportPath)).href;
let browser = null;

const watchdog = setTimeout(() => {
	report(false, 'finishes in time', `still running after ${WATCHDOG_MS / 1000} s`);
	summary();
	// playwright kills the browser it launched when the process exits
	process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

// What the page did that it should not have: requests beyond the file and
// data: URLs, console errors, uncaught exceptions, CSP violations, popups.
const external = [];
const consoleErrors = [];
const pageErrors = [];

async function main() {
	const sane = await check('results.json has a summary and organisations', () =>
		(orgs.length > 0 && statusNames.length > 0 && docKeys.length > 0 && typeof S.compliant_share === 'number')
		|| 'missing .summary.by_status / .summary.documents / .summary.compliant_share / .organizations');
	if (!sane) return;

	browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20000 });
	const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'ru-RU',
		serviceWorkers: 'block' });
	context.setDefaultTimeout(STEP_MS);
	context.setDefaultNavigationTimeout(15000);

	const allowed = (u) => u.startsWith('data:') || u.split('#')[0] === fileUrl;
	await context.route('**/*', (route) => {
		const u = route.request().url();
		if (allowed(u)) return route.continue();
		if (!external.includes(u)) external.push(u);
		return route.abort('blockedbyclient');
	});
	context.on('request', (req) => {
		const u = req.url();
		if (!allowed(u) && !external.includes(u)) external.push(u);
	});
	// CSP violations (an external load the policy refused never becomes a request)
	await context.addInitScript(() => {
		window.__cspViolations = [];
		document.addEventListener('securitypolicyviolation', (e) => {
			window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
		});
	});

	const page = await context.newPage();
	context.on('page', (p) => external.push('popup: ' + p.url()));
	page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
	page.on('pageerror', (e) => pageErrors.push(String(e && e.message || e)));
	page.on('websocket', (ws) => external.push('websocket: ' + ws.url()));

	const loaded = await check('report loads from a file:// URL', async () => {
		const resp = await page.goto(fileUrl, { waitUntil: 'load' });
		return (resp === null || resp.ok()) || `status ${resp.status()}`;
	});
	if (!loaded) return;
	await page.waitForTimeout(150); // let late scripts / timers run

	// ---- static: self-contained, with a CSP that forbids loads
	await check('Content-Security-Policy meta forbids external loads', () => page.evaluate(() => {
		const m = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
		if (!m) return 'no CSP meta';
		const c = m.getAttribute('content') || '';
		if (!/(^|;)\s*default-src\s+'none'/.test(c)) return `no default-src 'none': ${c}`;
		if (/https?:|\*/.test(c)) return `policy allows remote sources: ${c}`;
		return true;
	}));
	await check('no external resource references in the DOM', () => page.evaluate(() => {
		const bad = [];
		const ok = (u) => !u || u.startsWith('data:') || u.startsWith('#');
		document.querySelectorAll('[src]').forEach((e) => { if (!ok(e.getAttribute('src'))) bad.push(`<${e.localName} src=${e.getAttribute('src')}>`); });
		document.querySelectorAll('link[href]').forEach((e) => { if (!ok(e.getAttribute('href'))) bad.push(`<link href=${e.getAttribute('href')}>`); });
		document.querySelectorAll('use, image, feImage').forEach((e) => {
			const h = e.getAttribute('href') || e.getAttribute('xlink:href');
			if (!ok(h)) bad.push(`<${e.localName} href=${h}>`);
		});
		document.querySelectorAll('iframe, frame, object, embed, base').forEach((e) => bad.push(`<${e.localName}>`));
		for (const sh of document.styleSheets) {
			let rules;
			try { rules = sh.cssRules; } catch { bad.push('unreadable stylesheet'); continue; }
			for (const r of rules) {
				if (r.type === CSSRule.IMPORT_RULE) bad.push('@import ' + r.href);
				for (const m of (r.cssText.match(/url\(([^)]*)\)/g) || []))
					if (!/url\(\s*["']?(data:|#)/.test(m)) bad.push(m);
			}
		}
		document.querySelectorAll('[style]').forEach((e) => {
			for (const m of (e.getAttribute('style').match(/url\(([^)]*)\)/g) || []))
				if (!/url\(\s*["']?(data:|#)/.test(m)) bad.push(m);
		});
		return bad.length === 0 || bad.slice(0, 5).join(', ');
	}));

	// ---- the first screen, before anything is clicked
	let shot = null;
	await check(`screenshot ${VIEWPORT.width}x${VIEWPORT.height} written to ${shotPath}`, async () => {
		await page.evaluate(() => window.scrollTo(0, 0));
		const buf = await page.screenshot({ path: shotPath, fullPage: false, animations: 'disabled' });
		shot = decodePng(buf);
		return (shot.width === VIEWPORT.width && shot.height === VIEWPORT.height) || `${shot.width}x${shot.height}`;
	});

	// ---- headline and counts
	await check('headline share equals summary.compliant_share', async () => {
		const t = await page.evaluate(() => document.querySelector('#headline .share')?.textContent ?? null);
		if (t === null) return 'no #headline .share';
		return norm(t) === norm(ruShare(S.compliant_share)) && t.trim() === ruShare(S.compliant_share)
			|| `shows ${JSON.stringify(t.trim())}, expected ${JSON.stringify(ruShare(S.compliant_share))}`;
	});
	await check('headline states compliant and total ("N из M")', async () => {
		const t = await page.evaluate(() => document.querySelector('#headline')?.textContent ?? '');
		return new RegExp(`(^|\\D)${S.compliant}\\s+из\\s+${S.total}(\\D|$)`).test(t)
			|| `no "${S.compliant} из ${S.total}" in ${short(norm(t))}`;
	});
	await check('status counts equal summary.by_status', async () => {
		const shown = await page.evaluate(() => Array.from(document.querySelectorAll('#status-counts li[data-status]'))
			.map((li) => [li.getAttribute('data-status'), li.querySelector('.count')?.textContent ?? null]));
		const got = Object.fromEntries(shown.map(([k, v]) => [k, v === null ? null : v.trim()]));
		const bad = [];
		for (const s of statusNames) if (got[s] !== String(byStatus[s])) bad.push(`${s}: ${got[s]} (expected ${byStatus[s]})`);
		for (const s of Object.keys(got)) if (!(s in byStatus)) bad.push(`unexpected status ${s}`);
		if (shown.length !== Object.keys(got).length) bad.push('a status is listed twice');
		return bad.length === 0 || bad.join('; ');
	});
	await check('every status badge has its label and a colour of its own', async () => {
		const badges = await page.evaluate(() => Array.from(document.querySelectorAll('#status-counts li[data-status] .st'))
			.map((b) => [b.parentElement.getAttribute('data-status'), b.textContent.trim(), getComputedStyle(b).backgroundColor]));
		const bad = badges.filter(([, label, bg]) => !label || bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')
			.map(([s, label, bg]) => `${s}: «${label}» on ${bg}`);
		const colours = new Set(badges.map(([, , bg]) => bg));
		if (colours.size !== badges.length) bad.push(`${badges.length} statuses share ${colours.size} colours`);
		return bad.length === 0 || bad.join('; ');
	});
	await check('summary.by_status adds up to summary.total and the organisations counted', () => {
		const sum = statusNames.reduce((a, s) => a + byStatus[s], 0);
		const counted = orgs.filter((o) => o.counted !== false).length;
		return (sum === S.total && counted === S.total) || `sum ${sum}, total ${S.total}, organisations counted ${counted}`;
	});

	// ---- the chart (below the indicator table: scrolled to, then seen on one screen)
	await check('the chart scrolled into view: screenshot of that screen', async () => {
		await page.evaluate(() => document.querySelector('svg#doc-chart')?.scrollIntoView({ block: 'center' }));
		shot = decodePng(await page.screenshot({ fullPage: false, animations: 'disabled' }));
		return (shot.width === VIEWPORT.width && shot.height === VIEWPORT.height) || `${shot.width}x${shot.height}`;
	});
	const expectedBars = [['section', S.section?.share], ...docKeys.map((k) => [k, S.documents[k].share])];
	const chart = await page.evaluate(() => {
		const svg = document.querySelector('svg#doc-chart');
		if (!svg) return null;
		const r = svg.getBoundingClientRect();
		const vb = svg.viewBox && svg.viewBox.baseVal;
		const bars = Array.from(svg.querySelectorAll('rect.bar')).map((b) => {
			const bb = b.getBBox(), cr = b.getBoundingClientRect(), cs = getComputedStyle(b);
			const label = b.closest('g')?.querySelector('text')?.textContent ?? null;
			const cx = cr.left + cr.width / 2, cy = cr.top + cr.height / 2;
			const top = cr.width > 0 && cr.height > 0 ? document.elementFromPoint(cx, cy) : null;
			return { doc: b.getAttribute('data-doc'), width: b.getAttribute('width'), label,
				bbox: { w: bb.width, h: bb.height },
				rect: { x: cr.left, y: cr.top, w: cr.width, h: cr.height },
				fill: cs.fill, display: cs.display, visibility: cs.visibility, opacity: cs.opacity,
				onTop: top === b };
		});
		return { rect: { x: r.left, y: r.top, w: r.width, h: r.height },
			vbw: vb && vb.width ? vb.width : r.width, bars };
	});
	if (!report(chart !== null, 'svg#doc-chart exists', 'not found')) {
		report(false, 'chart bars', 'no chart');
	} else {
		const byDoc = new Map();
		for (const b of chart.bars) byDoc.set(b.doc, [...(byDoc.get(b.doc) || []), b]);
		await check('one rect.bar for the section and for each document of summary.documents', () => {
			const bad = [];
			for (const [k] of expectedBars) if ((byDoc.get(k) || []).length !== 1) bad.push(`${k}: ${(byDoc.get(k) || []).length} bars`);
			for (const k of byDoc.keys()) if (!expectedBars.some(([e]) => e === k)) bad.push(`unexpected bar ${k}`);
			return bad.length === 0 || bad.join('; ');
		});
		await check(`bar width attributes are share/100*${CHART_WIDTH}`, () => {
			const bad = [];
			for (const [k, share] of expectedBars) {
				const b = (byDoc.get(k) || [])[0];
				if (!b) continue;
				const want = share / 100 * CHART_WIDTH, got = parseFloat(b.width);
				// shares are rounded to 0.1 % (0.42 units) and widths to 0.1 unit
				if (!(Math.abs(got - want) <= 0.5)) bad.push(`${k}: width ${b.width}, share ${share} -> ${want.toFixed(2)}`);
			}
			return bad.length === 0 || bad.join('; ');
		});
		const scale = chart.rect.w / chart.vbw;
		await check('rendered bars have non-zero boxes proportional to their shares', () => {
			const bad = [];
			for (const [k, share] of expectedBars) {
				const b = (byDoc.get(k) || [])[0];
				if (!b) continue;
				const want = share / 100 * CHART_WIDTH;
				if (share > 0 && !(b.bbox.w > 0 && b.bbox.h > 0 && b.rect.w > 0 && b.rect.h > 0))
					bad.push(`${k}: empty box ${JSON.stringify(b.rect)}`);
				else if (Math.abs(b.bbox.w - want) > 0.5) bad.push(`${k}: getBBox width ${b.bbox.w}, expected ${want.toFixed(1)}`);
				else if (Math.abs(b.rect.w - want * scale) > 1.5) bad.push(`${k}: on screen ${b.rect.w.toFixed(1)} px, expected ${(want * scale).toFixed(1)}`);
			}
			return bad.length === 0 || bad.join('; ');
		});
		await check('bars are painted (fill not none, visible, not covered)', () => {
			const bad = [];
			for (const b of chart.bars) {
				const rgb = parseRgb(b.fill);
				if (!rgb || /rgba\([^)]*,\s*0\)/.test(b.fill)) bad.push(`${b.doc}: fill ${b.fill}`);
				else if (b.display === 'none' || b.visibility !== 'visible' || parseFloat(b.opacity) === 0)
					bad.push(`${b.doc}: display ${b.display}, visibility ${b.visibility}, opacity ${b.opacity}`);
				else if (b.rect.w > 0 && !b.onTop) bad.push(`${b.doc}: another element is on top of it`);
			}
			return bad.length === 0 || bad.join('; ');
		});
		await check('chart lies within one screen', () => {
			const r = chart.rect;
			return (r.w > 0 && r.h > 0 && r.x >= 0 && r.y >= 0 && r.x + r.w <= VIEWPORT.width && r.y + r.h <= VIEWPORT.height)
				|| `chart box ${JSON.stringify(r)} vs viewport ${VIEWPORT.width}x${VIEWPORT.height}`;
		});
		await check('bars show in the screenshot in their fill colour', () => {
			if (!shot) return 'no screenshot';
			const bad = [];
			for (const b of chart.bars) {
				if (!(b.rect.w >= 4 && b.rect.h >= 4)) continue;
				const fill = parseRgb(b.fill);
				const y = b.rect.y + b.rect.h / 2;
				for (const x of [b.rect.x + 2, b.rect.x + b.rect.w / 2, b.rect.x + b.rect.w - 2]) {
					const p = shot.pixel(x, y);
					if (!near(p, fill)) { bad.push(`${b.doc} at (${Math.round(x)},${Math.round(y)}): ${JSON.stringify(p)}, fill ${JSON.stringify(fill)}`); break; }
				}
			}
			return bad.length === 0 || bad.join('; ');
		});
		await check('bars stand out from the page and from the rest of their track', () => {
			if (!shot) return 'no screenshot';
			const bad = [];
			const page0 = shot.pixel(chart.rect.x + 1, chart.rect.y + 1);
			const differs = (p, q) => p && q && p.some((v, i) => Math.abs(v - q[i]) > 24);
			for (const b of chart.bars) {
				if (!(b.rect.w >= 4 && b.rect.h >= 4)) continue;
				const y = b.rect.y + b.rect.h / 2;
				const mid = shot.pixel(b.rect.x + b.rect.w / 2, y);
				if (!differs(mid, page0)) { bad.push(`${b.doc}: bar ${JSON.stringify(mid)} like the page ${JSON.stringify(page0)}`); continue; }
				const track = shot.pixel(b.rect.x + b.rect.w + 3, y);
				const share = (expectedBars.find(([k]) => k === b.doc) || [])[1];
				if (share < 98 && b.rect.x + b.rect.w + 3 < chart.rect.x + chart.rect.w && !differs(mid, track))
					bad.push(`${b.doc}: bar ${JSON.stringify(mid)} like what follows it ${JSON.stringify(track)}`);
			}
			return bad.length === 0 || bad.join('; ');
		});
		await check('chart clip screenshot is not blank', async () => {
			const r = chart.rect;
			const clip = { x: Math.max(0, r.x), y: Math.max(0, r.y), width: Math.max(1, Math.min(r.w, VIEWPORT.width - Math.max(0, r.x))),
				height: Math.max(1, Math.min(r.h, VIEWPORT.height - Math.max(0, r.y))) };
			const img = decodePng(await page.screenshot({ clip }));
			const bg = img.pixel(0, 0);
			let differ = 0, barColour = 0;
			const fills = chart.bars.map((b) => parseRgb(b.fill)).filter(Boolean);
			for (let y = 0; y < img.height; y += 2) for (let x = 0; x < img.width; x += 2) {
				const p = img.pixel(x, y);
				if (!near(p, bg, 8)) differ++;
				if (fills.some((f) => near(p, f, 16))) barColour++;
			}
			const area = chart.bars.reduce((a, b) => a + b.rect.w * b.rect.h, 0) / 4;
			return (differ > 0 && barColour >= 0.5 * area)
				|| `${differ} sampled pixels differ from the background, ${barColour} in a bar colour (bars cover ~${Math.round(area)})`;
		});
	}

	// ---- the organisations table
	const rankOf = (s) => statusNames.indexOf(s);
	const notChecked = (o) => o.reason !== null && o.reason !== undefined;
	const nFound = (o) => Object.values(o.documents || {}).filter((d) => d && d.found).length;
	const chartLabels = Object.fromEntries((chart?.bars || []).map((b) => [b.doc, norm(b.label)]));

	const readRows = () => page.evaluate(() => {
		const t = document.querySelector('table#orgs');
		if (!t || !t.tBodies[0]) return null;
		return Array.from(t.tBodies[0].querySelectorAll('tr.org')).map((r) => {
			const c = r.cells;
			const text = (i) => (c[i] ? c[i].textContent : null);
			const lines = (i) => {
				if (!c[i]) return null;
				const x = c[i].cloneNode(true);
				x.querySelectorAll('br').forEach((br) => br.replaceWith('\n'));
				return x.textContent.split('\n').map((s) => s.trim()).filter(Boolean);
			};
			// the evidence: the block the row's «Подробно» link leads to
			const open = c[6] ? c[6].querySelector('a.ev-open') : null;
			const det = open ? document.getElementById(open.getAttribute('href').slice(1)) : null;
			return {
				status: r.getAttribute('data-status'), hidden: r.hasAttribute('hidden'),
				visible: r.getClientRects().length > 0, ncells: c.length,
				id: text(0), name: text(1), nameHref: c[1]?.querySelector('a')?.getAttribute('href') ?? null,
				rank: c[2]?.getAttribute('data-value') ?? null, badge: c[2]?.querySelector('.st')?.className ?? null,
				docsValue: c[3]?.getAttribute('data-value') ?? null, docs: text(3),
				missing: (() => {
					if (!c[4]) return null;
					const x = c[4].cloneNode(true);
					x.querySelectorAll('.unchecked').forEach((u) => u.remove());
					return x.textContent;
				})(),
				unchecked: c[4]?.querySelector('.unchecked')?.textContent ?? null,
				problems: lines(5),
				details: det ? {
					found: Array.from(det.querySelectorAll('li.found')).map((li) => Array.from(li.querySelectorAll('a')).map((a) => a.getAttribute('href'))),
					missing: det.querySelectorAll('li.missing').length,
				} : null,
			};
		});
	});
	const rows0 = await readRows();
	if (!report(rows0 !== null, 'table#orgs with a tbody exists', 'not found')) return;

	await check('table#orgs has class "sortable"', () => page.evaluate(() =>
		document.querySelector('table#orgs').classList.contains('sortable') || 'class is ' + document.querySelector('table#orgs').className));
	await check('one tr.org per organisation, in results.json order', () => {
		const got = rows0.map((r) => norm(r.id)), want = orgs.map((o) => String(o.id));
		return sameList(got, want) || `ids ${short(got.join(','))}, expected ${short(want.join(','))}`;
	});
	const pairs = rows0.map((r, i) => [r, orgs[i]]).filter(([, o]) => o);
	const cellCheck = (name, fn) => check(name, () => {
		const bad = [];
		for (const [r, o] of pairs) {
			const e = fn(r, o);
			if (e !== true) bad.push(`org ${o.id}: ${e}`);
		}
		return bad.length === 0 || `${bad.length} rows: ${bad.slice(0, 3).join('; ')}`;
	});
	await cellCheck('rows have 7 cells and data-status equal to the status', (r, o) =>
		(r.ncells === 7 && r.status === o.status) || `${r.ncells} cells, data-status ${r.status} (expected ${o.status})`);
	await cellCheck('name cell: the name, linked to the section', (r, o) => {
		const href = o.section_url ?? o.url;
		return (norm(r.name) === norm(o.name) && r.nameHref === href)
			|| `${short(norm(r.name), 60)} -> ${r.nameHref} (expected ${short(o.name, 60)} -> ${href})`;
	});
	await cellCheck('status cell: badge and data-value = status rank', (r, o) =>
		(r.rank === String(rankOf(o.status)) && (r.badge || '').split(/\s+/).includes('st-' + o.status))
		|| `data-value ${r.rank} (expected ${rankOf(o.status)}), badge class ${r.badge}`);
	await cellCheck('documents cell: "N из M", data-value N (-1 when not checked)', (r, o) => {
		const m = Object.keys(o.documents || {}).length;
		if (notChecked(o)) return r.docsValue === '-1' || `data-value ${r.docsValue}, expected -1 (${o.reason})`;
		const n = nFound(o);
		return (r.docsValue === String(n) && norm(r.docs) === `${n} из ${m}`)
			|| `${JSON.stringify(norm(r.docs))} data-value ${r.docsValue}, expected "${n} из ${m}"`;
	});
	// Schema 2: "missing" keeps schema 1's meaning (not found); the cell lists only the documents
	// looked for and not found, and those not checked apart, with the reason.
	const uncheckedOf = (o) => (o.missing || []).filter((k) => (o.unchecked || []).includes(k));
	await cellCheck('missing cell lists the missing documents (chart labels)', (r, o) => {
		const miss = (o.missing || []).filter((k) => !(o.unchecked || []).includes(k));
		const parts = norm(r.missing) ? norm(r.missing).split(/\s*;\s*/) : [];
		if (parts.length !== miss.length) return `${parts.length} listed, ${miss.length} missing`;
		const want = miss.map((k) => chartLabels[k]);
		return want.some((x) => !x) || sameList(parts, want) || `${short(parts.join('; '))}, expected ${short(want.join('; '))}`;
	});
	await cellCheck('missing cell: documents not checked say «не проверено», each by its label', (r, o) => {
		const want = uncheckedOf(o).map((k) => chartLabels[k]);
		if (want.length === 0) return r.unchecked === null || `unexpected ${short(r.unchecked)}`;
		const u = norm(r.unchecked || '');
		return (u.startsWith('не проверено: ') && want.every((x) => x && u.includes(x))) || `${short(u)}, expected ${short(want.join('; '))}`;
	});
	await cellCheck('problems cell: one line per problem', (r, o) => {
		const want = (o.problems || []).map(norm);
		return sameList((r.problems || []).map(norm), want) || `${short(r.problems)} expected ${short(want)}`;
	});
	await cellCheck('evidence: li.found with document and page links, li.missing', (r, o) => {
		if (!r.details) return 'no evidence block linked from the row';
		const docs = Object.values(o.documents || {});
		const found = docs.filter((d) => d && d.found);
		if (r.details.found.length !== found.length) return `${r.details.found.length} li.found, ${found.length} found`;
		for (let i = 0; i < found.length; i++) {
			const links = r.details.found[i];
			if (!links.includes(found[i].url)) return `li.found ${i}: no link to ${found[i].url}`;
			if (found[i].page && !links.includes(found[i].page)) return `li.found ${i}: no link to the page ${found[i].page}`;
		}
		if (!notChecked(o) && r.details.missing !== docs.length - found.length)
			return `${r.details.missing} li.missing, ${docs.length - found.length} not found`;
		return true;
	});

	// ---- sorting
	const heads = await page.evaluate(() => Array.from(document.querySelector('table#orgs').tHead.rows[0].cells)
		.map((th) => ({ text: th.textContent.trim(), sort: th.getAttribute('data-sort') })));
	const th = (i) => page.locator('table#orgs > thead > tr > th').nth(i);
	const ariaSorts = () => page.evaluate(() => Array.from(document.querySelector('table#orgs').tHead.rows[0].cells)
		.map((h) => h.getAttribute('aria-sort')));
	const colKeys = (c) => page.evaluate((c) => Array.from(document.querySelector('table#orgs').tBodies[0].rows).map((r) => {
		const d = r.cells[c];
		const v = d.getAttribute('data-value');
		return { id: r.cells[0].textContent.trim(), key: v === null ? d.textContent.trim() : v };
	}), c);
	const ids0 = rows0.map((r) => norm(r.id)).sort();
	const sameRows = (ks) => sameList(ks.map((k) => k.id).sort(), ids0);
	const ru = (a, b) => a.localeCompare(b, 'ru', { sensitivity: 'accent' });
	const ordered = (ks, type, dir) => {
		for (let i = 1; i < ks.length; i++) {
			const a = ks[i - 1].key, b = ks[i].key;
			const d = type === 'num' ? (parseFloat(a) || 0) - (parseFloat(b) || 0) : ru(a, b);
			if (dir * d > 0) return `rows ${i} and ${i + 1} out of order: ${short(a, 50)} / ${short(b, 50)}`;
		}
		return true;
	};
	// click header c and check the order and aria-sort: dir 1 ascending, -1 descending
	const sortedBy = async (c, type, dir, extra) => {
		await th(c).click();
		const aria = await ariaSorts();
		const want = dir > 0 ? 'ascending' : 'descending';
		if (aria[c] !== want) return `aria-sort ${aria[c]}, expected ${want}`;
		if (aria.some((a, i) => i !== c && a !== null)) return `other headers keep aria-sort: ${JSON.stringify(aria)}`;
		const ks = await colKeys(c);
		if (!sameRows(ks)) return 'rows lost or duplicated by sorting';
		const o = ordered(ks, type, dir);
		if (o !== true) return o;
		return extra ? extra(ks) : true;
	};
	const nameCol = heads.findIndex((h) => h.text === 'Наименование');
	const docsCol = heads.findIndex((h) => h.text === 'Документы');
	await check('header cells: № Наименование Статус Документы with data-sort', () =>
		(heads.length === 7 && nameCol === 1 && docsCol === 3 && heads[1].sort === 'text' && heads[3].sort === 'num'
			&& heads.every((h) => h.sort === null || h.sort === 'num' || h.sort === 'text'))
		|| short(heads));
	if (nameCol >= 0) {
		// what the name column must look like sorted, from results.json
		const names = orgs.map((o) => norm(o.name));
		const asc = [...names].sort((a, b) => a.localeCompare(b, 'ru'));
		const byName = (want) => (ks) => sameList(ks.map((k) => norm(k.key).toLowerCase()), want.map((n) => n.toLowerCase()))
			|| `order ${short(ks.map((k) => k.id).join(','))}`;
		const cp = [...names].map((n) => n.toLowerCase()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		if (sameList(cp, asc.map((n) => n.toLowerCase())))
			console.log('# note: these names sort the same by code point as by Russian collation; the name sort checks cannot tell them apart');
		await check('click "Наименование": ascending by localeCompare(ru)', () => sortedBy(nameCol, 'text', 1, byName(asc)));
		await check('click "Наименование" again: descending', () => sortedBy(nameCol, 'text', -1, byName([...asc].reverse())));
	}
	if (docsCol >= 0) {
		const nums = (ks) => ks.map((k) => Number(k.key));
		const want = (o) => (notChecked(o) ? -1 : nFound(o));
		const byNum = (dir) => (ks) => {
			const exp = orgs.map(want).sort((a, b) => dir * (a - b));
			return sameList(nums(ks), exp) || `values ${nums(ks).join(',')}, expected ${exp.join(',')}`;
		};
		await check('click "Документы": ascending numerically', () => sortedBy(docsCol, 'num', 1, byNum(1)));
		await check('click "Документы" again: descending', () => sortedBy(docsCol, 'num', -1, byNum(-1)));
	}
	for (let c = 0; c < heads.length; c++) {
		if (!heads[c].sort || c === nameCol || c === docsCol) continue;
		await check(`click "${heads[c].text}" twice: ascending, then descending`, async () => {
			const a = await sortedBy(c, heads[c].sort, 1);
			return a !== true ? a : sortedBy(c, heads[c].sort, -1);
		});
	}
	if (heads[0] && heads[0].sort === 'num') {
		await check('click "№": back to results.json order', async () => {
			const r = await sortedBy(0, 'num', 1);
			if (r !== true) return r;
			const ks = await colKeys(0);
			return sameList(ks.map((k) => k.id), orgs.map((o) => String(o.id))) || `order ${short(ks.map((k) => k.id).join(','))}`;
		});
	}
	for (let c = 0; c < heads.length; c++) {
		if (heads[c].sort) continue;
		await check(`header "${heads[c].text}" without data-sort does not sort`, async () => {
			const before = (await colKeys(0)).map((k) => k.id);
			await th(c).click();
			const after = (await colKeys(0)).map((k) => k.id);
			const aria = await ariaSorts();
			return (sameList(before, after) && aria[c] === null) || 'order or aria-sort changed';
		});
	}

	// ---- filtering
	const controls = await page.evaluate(() => {
		const box = document.querySelector('div.controls[data-filter-for="orgs"]');
		return box ? { input: !!box.querySelector('input#filter'), select: !!box.querySelector('select#status-filter'),
			shown: box.querySelector('.shown')?.textContent ?? null,
			options: Array.from(box.querySelectorAll('select#status-filter option')).map((o) => o.value) } : null;
	});
	await check('filter controls: input#filter, select#status-filter, .shown', () =>
		(controls && controls.input && controls.select && controls.shown !== null) || short(controls));
	if (!controls || !controls.input || !controls.select) return;
	await check('status filter offers "" and every status', () => {
		const want = ['', ...statusNames];
		return sameList([...controls.options].sort(), [...want].sort()) || `options ${JSON.stringify(controls.options)}`;
	});
	await check('.shown is the number of organisations at first', () =>
		norm(controls.shown) === String(orgs.length) || `shows ${controls.shown}`);

	const visibleState = async () => {
		const rs = await readRows();
		const shown = await page.evaluate(() => document.querySelector('div.controls[data-filter-for="orgs"] .shown')?.textContent ?? null);
		return { rs, shown: norm(shown) };
	};
	const expectVisible = async (want, what) => {
		const { rs, shown } = await visibleState();
		const vis = rs.filter((r) => r.visible).map((r) => norm(r.id)).sort();
		const unhidden = rs.filter((r) => !r.hidden).map((r) => norm(r.id)).sort();
		const exp = want.map((o) => String(o.id)).sort();
		if (!sameList(vis, exp)) return `${what}: visible ${vis.join(',') || 'none'}, expected ${exp.join(',') || 'none'}`;
		if (!sameList(unhidden, exp)) return `${what}: rows without the hidden attribute ${unhidden.join(',')}`;
		if (shown !== String(exp.length)) return `${what}: .shown says ${shown}, ${exp.length} visible`;
		return true;
	};
	const matches = (o, term) => `${o.id} ${o.name}`.toLowerCase().includes(term.toLowerCase());

	// a word of one name that few other names have, typed in another case
	const words = new Map();
	for (const o of orgs) for (const w of new Set(String(o.name).match(/[\p{L}]{4,}/gu) || [])) {
		const n = orgs.filter((x) => matches(x, w)).length;
		if (!words.has(w) || n < words.get(w)) words.set(w, n);
	}
	const pick = [...words.entries()].filter(([, n]) => n < orgs.length).sort((a, b) => a[1] - b[1] || b[0].length - a[0].length)[0];
	const input = page.locator('div.controls[data-filter-for="orgs"] input#filter');
	const select = page.locator('div.controls[data-filter-for="orgs"] select#status-filter');
	if (pick) {
		const w = pick[0];
		const term = w === w.toUpperCase() ? w.toLowerCase() : w.toUpperCase();
		await check(`search "${term}": only the matching rows, .shown updated`, async () => {
			await input.fill('');
			await input.pressSequentially(term);
			return expectVisible(orgs.filter((o) => matches(o, term)), 'search');
		});
		const lower = w.slice(0, Math.max(3, Math.ceil(w.length * 2 / 3))).toLowerCase();
		await check(`search "${lower}" (part of a word, lower case)`, async () => {
			await input.fill(lower);
			return expectVisible(orgs.filter((o) => matches(o, lower)), 'search');
		});
	} else report(false, 'search', 'no distinctive word in the names of results.json');
	await check('search by id', async () => {
		const o = orgs[orgs.length - 1];
		await input.fill(String(o.id));
		return expectVisible(orgs.filter((x) => matches(x, String(o.id))), 'search id');
	});
	await check('search with no match: no rows, .shown 0', async () => {
		await input.fill('нетакойшколы-zz');
		return expectVisible([], 'search');
	});
	await check('empty search: every row again', async () => {
		await input.fill('');
		return expectVisible(orgs, 'cleared');
	});
	for (const s of statusNames) {
		await check(`status filter "${s}": exactly by_status.${s} = ${byStatus[s]} rows`, async () => {
			await select.selectOption(s);
			const want = orgs.filter((o) => o.status === s);
			if (want.length !== byStatus[s]) return `results.json has ${want.length} organisations with status ${s}, by_status says ${byStatus[s]}`;
			return expectVisible(want, s);
		});
	}
	if (pick) {
		const o1 = orgs.find((o) => matches(o, pick[0]));
		await check(`search and status filter together ("${pick[0]}" and "${o1.status}")`, async () => {
			await select.selectOption(o1.status);
			await input.fill(pick[0]);
			return expectVisible(orgs.filter((o) => o.status === o1.status && matches(o, pick[0])), 'both');
		});
		await check('status filter and search reset: every row again', async () => {
			await input.fill('');
			await select.selectOption('');
			return expectVisible(orgs, 'reset');
		});
	}

	// ---- evidence: the row's «Подробно» opens its block in a dialog
	const target = orgs.find((o) => o.status === 'compliant' && o.documents?.order?.found && o.documents.order.url);
	if (target) {
		await check(`evidence of org ${target.id}: «Подробно» opens a dialog with the link to its order`, async () => {
			const row = page.locator('table#orgs tbody tr.org').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^\\s*${target.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) });
			if (await row.count() !== 1) return `${await row.count()} rows with id ${target.id}`;
			const href = target.documents.order.url;
			const dialog = page.locator('dialog#ev-dialog');
			if (await dialog.evaluate((d) => d.open)) return 'the dialog is open before any click';
			await row.locator('a.ev-open').click();
			if (!(await dialog.evaluate((d) => d.open))) return 'the dialog did not open';
			const link = dialog.locator('a').filter({ hasText: /./ });
			const hrefs = await link.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
			const idx = hrefs.indexOf(href);
			if (idx < 0) return `no link to ${href} in the dialog`;
			if (!(await link.nth(idx).isVisible())) return 'the link is not visible in the dialog';
			const li = await link.nth(idx).evaluate((a) => a.closest('li')?.className ?? null);
			await page.keyboard.press('Escape');
			if (await dialog.evaluate((d) => d.open)) return 'Escape did not close the dialog';
			return li === 'found' || `link is in li.${li}, expected li.found`;
		});
	} else report(false, 'evidence of a compliant organisation', 'no compliant organisation with an order in results.json');

	// ---- changes
	const changes = await page.evaluate(() => {
		const s = document.querySelector('section#changes');
		if (!s) return null;
		const t = s.querySelector('table#changes-table');
		return t ? { rows: t.tBodies[0] ? Array.from(t.tBodies[0].rows).map((r) => r.cells[0]?.textContent.trim() ?? '') : [] } : { rows: null };
	});
	if (changes === null) {
		console.log('# no section#changes in the report');
		if (csvPath) report(false, 'section#changes for the CHANGES.csv given', 'the report has no section#changes');
	} else {
		await check('section#changes has table#changes-table', () => changes.rows !== null || 'no table#changes-table');
		let csv = null;
		if (csvPath) {
			await check(`${path.basename(csvPath)} parses as CSV with a header and same-width rows`, () => {
				csv = parseCsv(fs.readFileSync(csvPath, 'utf8'));
				if (csv.length === 0) return 'empty';
				const w = csv[0].length;
				const bad = csv.findIndex((r) => r.length !== w);
				return bad < 0 || `record ${bad + 1} has ${csv[bad].length} cells, header ${w}`;
			});
		}
		if (changes.rows !== null) {
			if (csv) {
				const data = csv.slice(1);
				await check(`changes table has as many rows as ${path.basename(csvPath)} (${data.length})`, () =>
					changes.rows.length === data.length || `${changes.rows.length} rows in the table`);
				await check('changes table and CSV name the same organisations', () => {
					const a = [...changes.rows].sort(), b = data.map((r) => r[0].trim()).sort();
					return sameList(a, b) || `table ${a.join(',')}, CSV ${b.join(',')}`;
				});
			} else {
				await check('changes table has rows', () => changes.rows.length > 0 || 'empty tbody');
			}
		}
	}

	// ---- offline and error-free, over everything done above
	await page.waitForTimeout(100);
	const csp = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
	await check('no request other than the file itself and data: URLs', () =>
		external.length === 0 || `${external.length}: ${short(external.slice(0, 3).join(', '))}`);
	await check('no Content-Security-Policy violations', () => csp.length === 0 || short(csp.slice(0, 3).join(', ')));
	await check('no console errors', () => consoleErrors.length === 0 || short(consoleErrors.slice(0, 3).join(' | '), 300));
	await check('no uncaught page errors', () => pageErrors.length === 0 || short(pageErrors.slice(0, 3).join(' | '), 300));
}

let code = 0;
try {
	await main();
} catch (e) {
	if (e instanceof PageHangs) {
		report(false, 'report check ran to the end', e.message);
	} else {
		report(false, 'report check ran to the end', String(e && e.stack || e).split('\n').slice(0, 3).join(' / '));
		code = 2;
	}
} finally {
	if (browser) {
		await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
	}
	clearTimeout(watchdog);
}
summary();
process.exit(failed === 0 && code === 0 ? 0 : (code || 1));
