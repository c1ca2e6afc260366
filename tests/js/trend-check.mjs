#!/usr/bin/env node
// trend-check.mjs - report.html's trend and groups in headless Chromium,
// against the results.json files of the runs it was made from.
//
//   node tests/js/trend-check.mjs REPORT.html RESULTS.json [EARLIER.json ...]
//
// RESULTS.json is the report's own run; EARLIER.json the earlier runs the
// trend must show, oldest first. Checked, each in the browser:
// - the chart of the compliant share has one point per run (the earlier
//   ones and this one) with each run's date and summary.compliant_share,
//   its value written beside it as «56,3 %», and higher shares drawn higher;
// - each indicator's chart has, per run, the share of that run's
//   summary.indicators row of the same number (no point where it had none);
// - each organisation's evidence lists its status at each earlier run,
//   newest first, «не было в реестре» where that run did not have its id;
// - without JavaScript, and printed (print media), the charts are drawn
//   and the history is on the page;
// - with groups in RESULTS.json (--group-by): «Показатели по группам» holds,
//   for every group and over all, each indicator's share and «count из V»
//   as results.json's groups[].summary.indicators and summary.indicators;
//   the group select offers every group and, set to one, shows exactly the
//   organisations whose registry column holds that group's value.
// Without earlier runs: no trend section at all.
//
// Prints "ok - ..." or "not ok - ..." per check and a summary line; exits 0
// only when every check passed (1 when one failed, 2 on bad usage).

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, norm, tally } from './checks.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

const [reportPath, resultsPath, ...earlierPaths] = process.argv.slice(2);
if (!reportPath || !resultsPath || ![reportPath, resultsPath, ...earlierPaths].every((p) => fs.existsSync(p))) {
	console.error('usage: node tests/js/trend-check.mjs REPORT.html RESULTS.json [EARLIER.json ...]');
	process.exit(2);
}
const read = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const results = read(resultsPath);
const earlier = earlierPaths.map(read);
const runs = [...earlier, results];
const fileUrl = pathToFileURL(path.resolve(reportPath)).href;

const tenth = (x) => Math.round(Number(x) * 10 + 1e-9) / 10;
const ruShare = (x) => tenth(x).toFixed(1).replace('.', ',') + '\u00a0%';
const ruDate = (iso) => iso.split('-').reverse().join('.');
const groupName = (v) => (v === '' ? '(не указано)' : v);

// The chart's points as the browser has them: date, share, the value's text, the circle's centre.
const chartPoints = (page, id) => page.evaluate((sel) => {
	const svg = document.getElementById(sel);
	if (!svg) return null;
	return Array.from(svg.querySelectorAll('g.pt')).map((g) => {
		const c = g.querySelector('circle').getBoundingClientRect();
		const v = g.querySelector('text.value');
		return { date: g.getAttribute('data-date'), share: Number(g.getAttribute('data-share')),
			label: v ? v.textContent : null, title: g.querySelector('title').textContent,
			cy: c.top + c.height / 2, w: c.width };
	});
}, id);

function samePoints(got, want) {
	if (!got) return 'no chart';
	if (got.length !== want.length)
		return `${got.length} points, want ${want.length} (${want.map((w) => w.date).join(', ')})`;
	for (let i = 0; i < want.length; i++) {
		const g = got[i], w = want[i];
		if (g.date !== w.date || g.share !== tenth(w.share))
			return `point ${i + 1}: ${g.date} ${g.share}, want ${w.date} ${tenth(w.share)}`;
		if (g.title !== `${ruDate(w.date)}: ${ruShare(w.share)}`)
			return `point ${i + 1}: title «${g.title}»`;
		if (g.label !== null && g.label !== ruShare(w.share))
			return `point ${i + 1}: label «${g.label}», want «${ruShare(w.share)}»`;
		if (!(g.w > 0)) return `point ${i + 1} not drawn`;
	}
	for (let i = 0; i < want.length; i++)
		for (let j = 0; j < want.length; j++)
			if (tenth(want[i].share) > tenth(want[j].share) && !(got[i].cy < got[j].cy))
				return `point ${i + 1} (${want[i].share}) not above point ${j + 1} (${want[j].share})`;
	return true;
}

function wantHistory(id) {
	const h = [];
	for (let k = earlier.length - 1; k >= 0; k--) {
		const o = (earlier[k].organizations || []).find((x) => x.id === id);
		h.push({ date: earlier[k].as_of, status: o ? o.status : 'absent' });
	}
	return h;
}

async function trendChecks(page, label) {
	await check(`${label}: the compliant share's chart has a point per run with its share`, async () =>
		samePoints(await chartPoints(page, 'trend-compliant'),
			runs.map((r) => ({ date: r.as_of, share: r.summary.compliant_share }))));
	await check(`${label}: each indicator's chart has each run's share of that indicator`, async () => {
		for (const row of results.summary.indicators) {
			const want = [];
			for (const r of runs) {
				const m = (r.summary.indicators || []).find((x) => x.number === row.number);
				if (m) want.push({ date: r.as_of, share: m.share });
			}
			const r = samePoints(await chartPoints(page, `trend-ind-${row.number}`), want);
			if (r !== true) return `indicator ${row.number}: ${r}`;
		}
		return true;
	});
	await check(`${label}: each organisation's evidence lists its earlier statuses, newest first`, async () => {
		const got = await page.evaluate(() => Array.from(document.querySelectorAll('#evidence article.evidence'))
			.map((a) => Array.from(a.querySelectorAll('.history li')).map((li) => ({
				date: li.getAttribute('data-date'), status: li.getAttribute('data-status'),
				text: li.textContent, shown: li.getBoundingClientRect().height > 0 }))));
		const orgs = results.organizations;
		if (got.length !== orgs.length) return `${got.length} evidence blocks, want ${orgs.length}`;
		const labels = { absent: 'не было в реестре' };
		for (let i = 0; i < orgs.length; i++) {
			const want = wantHistory(orgs[i].id);
			const g = got[i];
			if (g.length !== want.length) return `organisation ${orgs[i].id}: ${g.length} earlier runs, want ${want.length}`;
			for (let k = 0; k < want.length; k++) {
				if (g[k].date !== want[k].date || g[k].status !== want[k].status)
					return `organisation ${orgs[i].id}, run ${k + 1}: ${g[k].date} ${g[k].status}, want ${want[k].date} ${want[k].status}`;
				if (!g[k].text.startsWith(ruDate(want[k].date)) ||
				    (labels[want[k].status] && !g[k].text.includes(labels[want[k].status])))
					return `organisation ${orgs[i].id}, run ${k + 1}: «${norm(g[k].text)}»`;
			}
		}
		return true;
	});
}

async function groupChecks(page) {
	const groups = results.groups;
	const indicators = results.summary.indicators;
	await check('groups: «Показатели по группам» equals results.json\'s groups and summary', async () => {
		const t = await page.evaluate(() => {
			const tb = document.querySelector('#groups table');
			if (!tb) return null;
			return {
				heads: Array.from(tb.tHead.rows[0].cells).map((c) => c.textContent),
				rows: Array.from(tb.tBodies[0].rows).map((r) => ({ n: Number(r.getAttribute('data-indicator')),
					cells: Array.from(r.cells).slice(2).map((c) => ({ share: c.querySelector('b').textContent,
						note: c.querySelector('.note').textContent })) })),
			};
		});
		if (!t) return 'no groups table';
		const cols = [...groups.map((g) => ({ name: groupName(g.name), s: g.summary })),
			{ name: 'Все ОО', s: results.summary }];
		for (let k = 0; k < cols.length; k++)
			if (!t.heads[k + 2].startsWith(cols[k].name + ' (ОО: ' + cols[k].s.total + ')'))
				return `column ${k + 1}: «${t.heads[k + 2]}», want «${cols[k].name}»`;
		if (t.heads.length !== cols.length + 2) return `${t.heads.length - 2} columns, want ${cols.length}`;
		if (t.rows.length !== indicators.length) return `${t.rows.length} rows, want ${indicators.length}`;
		for (let i = 0; i < indicators.length; i++) {
			if (t.rows[i].n !== indicators[i].number) return `row ${i + 1}: indicator ${t.rows[i].n}`;
			for (let k = 0; k < cols.length; k++) {
				const w = cols[k].s.indicators[i], g = t.rows[i].cells[k];
				if (g.share !== ruShare(w.share) || !g.note.startsWith(`${w.count} из ${cols[k].s.total}`))
					return `indicator ${w.number}, ${cols[k].name}: «${g.share} ${g.note}», want «${ruShare(w.share)} ${w.count} из ${cols[k].s.total}»`;
			}
		}
		return true;
	});
	await check('groups: the group select offers every group and shows exactly its organisations', async () => {
		const opts = await page.$$eval('#group-filter option', (os) => os.map((o) => ({ v: o.value, t: o.textContent })));
		if (opts.length !== groups.length + 1) return `${opts.length - 1} groups offered, want ${groups.length}`;
		const col = results.group_by;
		for (let k = 0; k < groups.length; k++) {
			if (opts[k + 1].t !== groupName(groups[k].name)) return `option ${k + 1}: «${opts[k + 1].t}»`;
			await page.selectOption('#group-filter', opts[k + 1].v);
			const shown = await page.$$eval('#orgs tbody tr', (rs) => rs.filter((r) => !r.hidden)
				.map((r) => r.cells[0].textContent));
			const want = results.organizations.filter((o) => ((o.extra || {})[col] ?? '') === groups[k].name)
				.map((o) => o.id);
			if (shown.join(',') !== want.join(','))
				return `«${groupName(groups[k].name)}»: shown ${shown.join(',')}, want ${want.join(',')}`;
			const count = await page.$eval('[data-filter-for="orgs"] .shown', (e) => e.textContent);
			if (Number(count) !== want.length) return `«${groupName(groups[k].name)}»: «показано: ${count}»`;
		}
		await page.selectOption('#group-filter', '');
		return true;
	});
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20000 });
try {
	const external = [];
	for (const js of [true, false]) {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1,
			locale: 'ru-RU', javaScriptEnabled: js });
		context.setDefaultTimeout(5000);
		await context.route('**/*', (route) => {
			const u = route.request().url();
			if (u.startsWith('data:') || u.split('#')[0] === fileUrl) return route.continue();
			external.push(u);
			return route.abort('blockedbyclient');
		});
		const page = await context.newPage();
		await page.goto(fileUrl, { waitUntil: 'load' });
		if (!earlier.length) {
			await check(`${js ? 'with' : 'without'} JavaScript: no trend without earlier runs`, async () =>
				(await page.$$('#trend, .history')).length === 0 || 'a trend section or a history is there');
		} else if (js) {
			await trendChecks(page, 'with JavaScript');
			await page.emulateMedia({ media: 'print' });
			await trendChecks(page, 'printed');
			await page.emulateMedia({ media: 'screen' });
		} else {
			await trendChecks(page, 'without JavaScript');
		}
		if (js && results.groups && results.groups.length)
			await groupChecks(page);
		else if (js)
			await check('without --group-by: no groups table, no group select', async () =>
				(await page.$$('#groups, #group-filter, tr[data-group]')).length === 0 || 'groups shown');
		await context.close();
	}
	await check('no request leaves the file', () => external.length === 0 || external.join(' '));
} finally {
	await browser.close();
}
console.log(`# trend-check: ${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed ? 1 : 0);
