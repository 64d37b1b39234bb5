import type {TopicAnswers} from './types.js';

/** A security and performance review of a Go HTTP service. */
export const goReviewAnswers: TopicAnswers = {
	swift: {
		content: `Main issues I'd fix:

1. **SQL injection**: queries are built with \`fmt.Sprintf\`. Use placeholders instead (see below).
2. **No timeouts** on \`http.Server\`: slow clients can hold connections open forever. Set \`ReadHeaderTimeout\`, \`ReadTimeout\` and \`WriteTimeout\`.
3. **Shared map without a lock**: the in-memory cache is written from several goroutines. Guard it with a \`sync.RWMutex\` or use \`sync.Map\`.
4. **New \`http.Client\` per request**: reuse one client so connections are pooled.
5. **\`resp.Body\` never closed**, which leaks connections.

\`\`\`go
row := db.QueryRowContext(ctx, "SELECT id, email FROM users WHERE id = $1", id)
if err := row.Scan(&u.ID, &u.Email); err != nil {
	return err
}
\`\`\`

Fix those first; the rest looks fine.`,
	},
	steady: {
		content: `## Review: security and performance

I'd fix these in roughly this order. Severity is my judgement for a public-facing service.

### High: security

**1. SQL built with string formatting.** Any handler that does \`fmt.Sprintf("... WHERE name = '%s'", name)\` is injectable. Always pass arguments separately:

\`\`\`go
const q = \`SELECT id, name, email FROM users WHERE name = $1 LIMIT $2\`
rows, err := db.QueryContext(r.Context(), q, name, limit)
if err != nil {
	http.Error(w, "internal error", http.StatusInternalServerError)
	return
}
defer rows.Close()
\`\`\`

**2. No limit on the request body.** \`json.NewDecoder(r.Body)\` on an unbounded body lets a client send gigabytes. Wrap it: \`r.Body = http.MaxBytesReader(w, r.Body, 1<<20)\`.

**3. Errors and secrets leak.** Returning \`err.Error()\` to clients exposes SQL and file paths; log it server-side and return a generic message. Don't log the \`Authorization\` header.

**4. Tokens from \`math/rand\`.** Session IDs and reset tokens must come from \`crypto/rand\`.

### Medium: robustness

**5. Missing server timeouts.** The zero-value \`http.Server\` never times out, which invites slow-loris attacks and leaks goroutines:

\`\`\`go
srv := &http.Server{
	Addr:              ":8080",
	Handler:           mux,
	ReadHeaderTimeout: 5 * time.Second,
	ReadTimeout:       15 * time.Second,
	WriteTimeout:      30 * time.Second,
	IdleTimeout:       120 * time.Second,
}
\`\`\`

**6. Data race on the shared cache.** A plain \`map\` written from handlers will eventually crash with \`fatal error: concurrent map writes\`. Protect it with a \`sync.RWMutex\`, and run the tests with \`go test -race\`.

### Performance

**7. One \`http.Client\` per request** defeats connection pooling; create it once, with a \`Timeout\`, and reuse it.

**8. Unclosed response bodies** keep connections busy; \`defer resp.Body.Close()\` right after checking \`err\`.

**9. N+1 queries** in the list handler: fetch related rows with one \`IN (...)\` query or a join.

**10. Propagate \`r.Context()\`** to database and outbound calls, so work stops when the client disconnects.

Run \`go vet ./...\`, \`staticcheck\` and \`govulncheck ./...\` in CI; together they would have caught several of these automatically.`,
	},
	thinker: {
		reasoning: `A security and performance review of a Go HTTP service. I'll rank findings by how exploitable they are, not by how easy they are to fix.

Security first. The most common critical finding in Go services is SQL assembled with fmt.Sprintf, which is injection; database/sql placeholders fix it completely. Next, unbounded request bodies: json.Decoder on r.Body without MaxBytesReader is a memory DoS. Then the zero-value http.Server: without ReadHeaderTimeout it is open to slowloris (gosec reports this as G112). Tokens generated with math/rand are predictable.

Concurrency: a package-level map used as a cache and mutated in handlers is a data race. The Go runtime detects concurrent map writes and kills the process, so it's an availability problem too, not just wrong data.

Performance: an http.Client created per call loses keep-alive pooling; a forgotten resp.Body.Close() leaks connections; not passing r.Context() means work continues after the client has gone.

The answer should be scannable: a ranked table, then one handler rewritten to show the fixes that matter most together.`,
		content: `Ranked by risk:

| # | Issue | Risk | Fix |
|---|-------|------|-----|
| 1 | SQL built with \`fmt.Sprintf\` | Injection | \`db.QueryContext(ctx, q, args...)\` with \`$1\` placeholders |
| 2 | Unbounded \`r.Body\` | Memory DoS | \`http.MaxBytesReader(w, r.Body, 1<<20)\` |
| 3 | Zero-value \`http.Server\` | Slowloris, leaked goroutines | Set \`ReadHeaderTimeout\` and friends |
| 4 | Cache \`map\` written by handlers | \`concurrent map writes\` crash | \`sync.RWMutex\` |
| 5 | \`math/rand\` tokens | Predictable sessions | \`crypto/rand\` |
| 6 | \`http.Client\` per call, bodies not closed | Socket exhaustion, latency | One shared client; \`defer resp.Body.Close()\` |

One handler with the fixes that matter most:

\`\`\`go
func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	var u User
	err = s.db.QueryRowContext(r.Context(),
		\`SELECT id, name, email FROM users WHERE id = $1\`, id).Scan(&u.ID, &u.Name, &u.Email)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		http.NotFound(w, r)
	case err != nil:
		s.log.Error("get user", "err", err) // details stay in the log
		http.Error(w, "internal error", http.StatusInternalServerError)
	default:
		writeJSON(w, u)
	}
}
\`\`\`

And in \`main\`: \`srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}\`.

Then run \`go test -race ./...\` and \`govulncheck ./...\`; the race detector will confirm item 4.`,
	},
};
