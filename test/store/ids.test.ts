import {describe, expect, it} from 'vitest';
import {newUlid} from '../../source/store/ids.js';

describe('run and answer ids', () => {
	it('sort by creation time as plain text, even many within one millisecond', () => {
		const sameMillisecond = Array.from({length: 1000}, () => newUlid(1_700_000_000_000));
		const later = newUlid(1_700_000_000_001);
		const all = [...sameMillisecond, later];
		expect(new Set(all).size).toBe(all.length);
		expect([...all].sort()).toEqual(all);
		for (const id of all) {
			expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
		}
		// The time part decodes back to the millisecond it was made in.
		const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
		const decoded = [...later.slice(0, 10)].reduce((total, character) => total * 32 + alphabet.indexOf(character), 0);
		expect(decoded).toBe(1_700_000_000_001);
	});

	it('stay increasing when the clock steps backwards', () => {
		const first = newUlid(1_800_000_000_000);
		const second = newUlid(1_799_999_999_000);
		expect(second > first).toBe(true);
	});
});
