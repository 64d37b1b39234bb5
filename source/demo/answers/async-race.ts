import type {TopicAnswers} from './types.js';

/** A JavaScript value read before its fetch().then() callback ran. */
export const asyncRaceAnswers: TopicAnswers = {
	swift: {
		content: `\`fetch()\` is asynchronous, so the line after \`.then()\` runs **before** the data arrives. That's why \`user\` is still \`undefined\`. Wait for the promise with \`await\`:

\`\`\`js
async function loadUser() {
  const response = await fetch('/api/user');
  const user = await response.json();
  console.log(user.name); // now defined
  return user;
}

loadUser();
\`\`\`

Any code that needs \`user\` must run after the \`await\` (or inside the \`.then()\` callback). Don't forget the \`await\` on \`response.json()\`: it returns a promise too.`,
	},
	steady: {
		content: `## Why \`user\` is \`undefined\`

\`fetch()\` returns a promise immediately; the callbacks you pass to \`.then()\` run later, after the response arrives. The code after the chain runs first:

\`\`\`js
let user;
fetch('/api/user')
  .then((res) => res.json())
  .then((data) => { user = data; });

console.log(user.name); // TypeError: runs before either callback
\`\`\`

### Fix 1: \`async\`/\`await\`

Move the code that needs the data after an \`await\`, and handle HTTP errors explicitly, because \`fetch\` only rejects on network failure, not on 404 or 500:

\`\`\`js
async function loadUser() {
  const res = await fetch('/api/user');
  if (!res.ok) {
    throw new Error(\`GET /api/user failed: \${res.status}\`);
  }
  return res.json();
}

try {
  const user = await loadUser();
  console.log(user.name);
} catch (error) {
  console.error('Could not load user', error);
}
\`\`\`

### Fix 2: the *other* race, stale responses

If this runs on every keystroke or route change, an older request can finish after a newer one and overwrite fresh data. Cancel the previous request:

\`\`\`js
let controller;

async function search(query) {
  controller?.abort();
  controller = new AbortController();
  try {
    const res = await fetch(\`/api/search?q=\${encodeURIComponent(query)}\`, {
      signal: controller.signal,
    });
    render(await res.json());
  } catch (error) {
    if (error.name !== 'AbortError') throw error;
  }
}
\`\`\`

### Checklist
- Every function that uses the result is \`async\` and \`await\`s it, or runs inside \`.then()\`.
- \`await res.json()\`: it is a promise too.
- Check \`res.ok\` before parsing.
- Top-level \`await\` works in ES modules only; elsewhere wrap the code in an \`async\` function.`,
	},
	thinker: {
		reasoning: `The symptom: a value assigned inside a .then() callback is read right after the fetch chain and comes out undefined. That's ordering, not networking. fetch returns a pending promise synchronously; the callbacks run as microtasks once the response resolves, and the console.log on the next line runs first.

So the read has to happen after resolution: either inside the chain, or after an await. await reads top to bottom, which is what the user expected the code to do.

Secondary issues worth catching: response.json() is itself a promise, and \`const data = res.json()\` without await is a common follow-up bug. fetch doesn't reject on HTTP 404 or 500, so check res.ok.

Is there a real race as well? If the function runs repeatedly (a search box, route changes), responses can arrive out of order and an older one can overwrite newer state. That's the classic async race. AbortController fixes it for fetch; a request counter works for any async work and is shorter. I'll show the counter and mention AbortController.`,
		content: `The \`console.log\` runs before the \`.then()\` callbacks: \`fetch\` returns a pending promise immediately, and the callbacks run only after the response arrives. Read the value *after* awaiting it:

\`\`\`js
async function loadUser(id) {
  const res = await fetch(\`/api/users/\${id}\`);
  if (!res.ok) throw new Error(\`HTTP \${res.status}\`); // fetch doesn't reject on 404/500
  return res.json(); // also a promise, awaited by the caller
}

const user = await loadUser(42);
console.log(user.name);
\`\`\`

If this runs repeatedly (typing, navigation), there is a second race: an older response can land after a newer one and overwrite it. Ignore stale results with a request counter:

\`\`\`js
let latestRequest = 0;

async function showUser(id) {
  const request = ++latestRequest;
  const user = await loadUser(id);
  if (request !== latestRequest) return; // a newer call superseded this one
  render(user);
}
\`\`\`

\`AbortController\` works too and also saves bandwidth; the counter guards any async work, not just \`fetch\`.`,
	},
};
