/**
 * `coding-5`: five everyday coding tasks that separate coding models well.
 * Each asks for something with traps a careless answer falls into (strings
 * in a flatten, fetch not rejecting on 404, stale heap entries, a Go handler
 * with several real bugs, unstable pagination order), so answers differ in
 * more than style.
 *
 * The demo models recognise these topics (source/demo/answers), so the suite
 * also works with `--demo`.
 */
import type {Suite} from '../suite.js';

const flattenPrompt = `Write a Python function \`flatten(items)\` that recursively flattens an arbitrarily nested list, e.g. \`[1, [2, [3, [4]], 5], [], [[6]]]\` -> \`[1, 2, 3, 4, 5, 6]\`.

Requirements:
- Strings and bytes are atoms: \`['ab', ['cd']]\` gives \`['ab', 'cd']\`, not characters. (A naive "is it iterable?" check recurses forever on a one-character string; say why.)
- Flatten lists and tuples by default; decide and document what happens to sets, dicts and other iterables, and offer a parameter to choose.
- Accept a generator or other one-shot iterable as input, and provide a lazy version (a generator) as well as one that returns a list.
- Nesting 10,000 levels deep must not hit Python's recursion limit: give an iterative version with an explicit stack, and explain the trade-off against the recursive one.
- Keep the order and never mutate the input.
- Say what your function does with a list that contains itself (\`a = [1]; a.append(a)\`), and make it fail clearly rather than loop forever.

Use type hints and a docstring, and include pytest tests for the empty list, deep nesting, strings and bytes, tuples, a generator input and the self-referencing list.`;

const asyncRacePrompt = `This code should greet the signed-in user, but it logs \`undefined\` and the page shows "Hello, undefined". Explain exactly why, then fix it.

\`\`\`js
let currentUser;

function loadUser(id) {
  fetch(\`/api/users/\${id}\`)
    .then((response) => response.json())
    .then((data) => {
      currentUser = data;
    });
}

function greet(id) {
  loadUser(id);
  console.log(currentUser); // undefined
  document.querySelector('#greeting').textContent = \`Hello, \${currentUser?.name}\`;
}

greet(42);
\`\`\`

1. Walk through the order in which this runs (call stack, the promise callbacks, the microtask queue) and say when \`currentUser\` is actually assigned.
2. Rewrite it with async/await so that \`greet\` waits for the user, and make \`loadUser\` return the user instead of setting a global.
3. \`fetch\` does not reject on a 404 or 500: handle HTTP errors and network failures, and show a sensible fallback text.
4. If \`greet\` is called again before the previous request finishes (the user switches accounts quickly), a slow old response must not overwrite the newer one. Fix that with an AbortController or a request counter, and explain which you chose.

Keep the fix small and explain each change.`;

const dijkstraPrompt = `Implement Dijkstra's shortest-path algorithm in TypeScript (strict mode, no libraries).

- The graph is \`type Graph = Map<string, Array<{ to: string; weight: number }>>\`: directed, non-negative weights.
- Write a generic binary-heap priority queue, \`class MinHeap<T>\`, with \`push(item: T, priority: number)\`, \`pop(): T | undefined\`, \`peek(): T | undefined\` and a \`size\` getter. Do not sort an array on every insert.
- \`shortestPath(graph: Graph, source: string, target: string): { distance: number; path: string[] } | null\` returns the total distance and the node sequence, rebuilt from predecessors, or \`null\` when the target cannot be reached.
- Use lazy deletion (skip stale heap entries when popped) instead of decrease-key, and explain why the running time stays O((V + E) log V).
- Reject negative edge weights with a clear error. Handle source === target, nodes that appear only as edge targets, and parallel edges between the same two nodes.

Include Vitest tests, among them a small graph where the direct edge from source to target is not the shortest route, and an unreachable target.`;

const goReviewPrompt = `Review this Go HTTP service as you would a pull request. Find the security and performance problems, rank them by severity, and show the corrected code.

\`\`\`go
package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"io"
	"log"
	"net/http"

	_ "github.com/lib/pq"
)

var db *sql.DB
var cache = map[string][]byte{}

func getOrders(w http.ResponseWriter, r *http.Request) {
	customer := r.URL.Query().Get("customer")
	if cached, ok := cache[customer]; ok {
		w.Write(cached)
		return
	}
	rows, err := db.Query("SELECT id, total FROM orders WHERE customer = '" + customer + "'")
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	var orders []map[string]any
	for rows.Next() {
		var id int
		var total float64
		rows.Scan(&id, &total)
		orders = append(orders, map[string]any{"id": id, "total": total})
	}
	body, _ := json.Marshal(orders)
	cache[customer] = body
	w.Write(body)
}

func createOrder(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	log.Printf("new order: auth=%s body=%s", r.Header.Get("Authorization"), body)
	go func() {
		http.Post("http://billing.internal/notify", "application/json", bytes.NewReader(body))
	}()
	w.WriteHeader(http.StatusCreated)
}

func main() {
	var err error
	db, err = sql.Open("postgres", "postgres://app:s3cret@db/orders?sslmode=disable")
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/orders", getOrders)
	http.HandleFunc("/orders/new", createOrder)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
\`\`\`

For each finding give the function, the risk (what an attacker or heavy traffic would do), and the fix. Then give the whole corrected file. It should still build with only the standard library and lib/pq.`;

const expressPaginationPrompt = `Build a paginated, filtered REST endpoint in Express.js (Node 20, TypeScript or modern JavaScript): \`GET /api/products\`.

- Query parameters: \`limit\` (default 20, at most 100), \`cursor\` (opaque, from the previous page), \`category\` (exact match, may repeat: \`?category=books&category=games\`), \`minPrice\` and \`maxPrice\`, \`q\` (case-insensitive match on the name) and \`sort\` (\`price\` or \`createdAt\`, prefixed with \`-\` for descending).
- Use cursor (keyset) pagination, not offset. The order must be stable even when many products share a price, so break ties on \`id\`, and the cursor must carry both the sort key and the id. Explain how OFFSET pagination skips or repeats rows when products are added between requests.
- Validate every parameter. Answer 400 with a JSON body that lists each bad field, e.g. for \`limit=0\`, \`limit=abc\`, \`minPrice\` above \`maxPrice\`, a tampered cursor, or an unknown sort field.
- Respond with \`{ items: [...], nextCursor: string | null }\`, where \`nextCursor\` is null on the last page.
- The data can live in memory behind a small repository interface, but also show the PostgreSQL keyset query it stands for, with bound parameters (no string concatenation), and the index it needs.
- Write supertest tests that walk every page and check that no product is missing or repeated, plus tests for the validation errors.`;

export const coding5Suite: Suite = {
	name: 'coding-5',
	description: 'Five coding tasks for comparing coding models: Python, JavaScript, TypeScript, a Go code review and an Express.js API.',
	source: 'builtin',
	tasks: [
		{id: 'python-flatten', category: 'python', tags: ['recursion', 'iterators', 'edge-cases'], prompt: flattenPrompt},
		{id: 'js-async-race', category: 'javascript', tags: ['async', 'promises', 'debugging'], prompt: asyncRacePrompt},
		{id: 'ts-dijkstra', category: 'typescript', tags: ['algorithms', 'graphs', 'data-structures'], prompt: dijkstraPrompt},
		{id: 'go-service-review', category: 'go', tags: ['code-review', 'security', 'performance', 'concurrency'], prompt: goReviewPrompt},
		{id: 'express-pagination', category: 'backend', tags: ['rest-api', 'express', 'pagination', 'validation', 'testing'], prompt: expressPaginationPrompt},
	],
};
