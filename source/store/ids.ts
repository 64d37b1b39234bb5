import {randomBytes} from 'node:crypto';

const crockfordAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const timeLength = 10;
const randomLength = 16;

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A ULID: 26 characters, the first 10 encode the millisecond, so ids sort by
 * creation time as plain text (in `sqlite3`, in `ls`, anywhere). Within one
 * millisecond the random part is incremented, so ids made by one process stay
 * strictly increasing even when several are made at once.
 */
export function newUlid(now: number = Date.now()): string {
	if (now <= lastTime) {
		incrementRandom(lastRandom);
	} else {
		lastTime = now;
		lastRandom = freshRandom();
	}
	let timePart = '';
	let remaining = lastTime;
	for (let i = 0; i < timeLength; i++) {
		timePart = crockfordAlphabet[remaining % 32] + timePart;
		remaining = Math.floor(remaining / 32);
	}
	return timePart + lastRandom.map((digit) => crockfordAlphabet[digit]).join('');
}

function freshRandom(): number[] {
	const bytes = randomBytes(randomLength);
	// Keep the top digit below 16 so that incrementing 2^79 times within one
	// millisecond is what it would take to overflow, never a real concern.
	return Array.from(bytes, (byte, index) => (index === 0 ? byte % 16 : byte % 32));
}

function incrementRandom(digits: number[]): void {
	for (let i = digits.length - 1; i >= 0; i--) {
		if (digits[i] < 31) {
			digits[i]++;
			return;
		}
		digits[i] = 0;
	}
}
