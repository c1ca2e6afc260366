// checks.mjs - what the browser checks share: a named check that passes
// only on `true` (a string says why it failed, an exception fails it), its
// "ok - " / "not ok - " line, and the tally.

export const tally = { passed: 0, failed: 0 };

export async function check(name, fn) {
	let r;
	try {
		r = await fn();
	} catch (e) {
		r = 'exception: ' + String(e && e.message || e).split('\n')[0];
	}
	if (r === true) {
		tally.passed++;
		console.log(`ok - ${name}`);
	} else {
		tally.failed++;
		console.log(`not ok - ${name}: ${typeof r === 'string' ? r : 'failed'}`);
	}
	return r === true;
}

// Text as people read it: white space squeezed.
export const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
