import type {TopicAnswers} from './types.js';

/** A paginated, filtered REST endpoint in Express. */
export const expressPaginationAnswers: TopicAnswers = {
	swift: {
		content: `Here's a paginated, filterable endpoint:

\`\`\`js
const express = require('express');
const app = express();

app.get('/api/products', (req, res) => {
  const page = parseInt(req.query.page) || 1;
  const limit = parseInt(req.query.limit) || 10;
  const { category, search } = req.query;

  let results = products;
  if (category) results = results.filter((p) => p.category === category);
  if (search) results = results.filter((p) => p.name.toLowerCase().includes(search.toLowerCase()));

  const start = (page - 1) * limit;
  res.json({
    page,
    limit,
    total: results.length,
    data: results.slice(start, start + limit),
  });
});

app.listen(3000);
\`\`\`

Call it like \`GET /api/products?page=2&limit=20&category=books&search=node\`.`,
	},
	steady: {
		content: `## Paginated, filtered \`GET /api/products\`

Goals: validated query parameters, a hard cap on page size, stable ordering, and metadata the client can use to render pagination.

\`\`\`js
import express from 'express';

const app = express();
const MAX_LIMIT = 100;
const SORTABLE = new Set(['name', 'price', 'createdAt']);

function parsePositiveInt(value, fallback) {
  const n = Number.parseInt(value, 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

app.get('/api/products', async (req, res, next) => {
  try {
    const page = parsePositiveInt(req.query.page, 1);
    const limit = Math.min(parsePositiveInt(req.query.limit, 20), MAX_LIMIT);
    const sort = SORTABLE.has(req.query.sort) ? req.query.sort : 'createdAt';
    const order = req.query.order === 'asc' ? 'asc' : 'desc';

    const filters = {};
    if (typeof req.query.category === 'string') filters.category = req.query.category;
    if (typeof req.query.q === 'string' && req.query.q.trim()) filters.q = req.query.q.trim();
    const minPrice = Number(req.query.minPrice);
    if (req.query.minPrice !== undefined && Number.isFinite(minPrice)) filters.minPrice = minPrice;

    const { rows, total } = await productRepository.find({
      filters,
      sort,
      order,
      offset: (page - 1) * limit,
      limit,
    });

    const totalPages = Math.max(1, Math.ceil(total / limit));
    res.json({
      data: rows,
      pagination: { page, limit, total, totalPages, hasNext: page < totalPages },
    });
  } catch (error) {
    next(error);
  }
});
\`\`\`

The repository turns filters into a parameterised query, so user input never reaches the SQL text:

\`\`\`js
// Inside productRepository.find, with node-postgres
const where = [];
const params = [];
if (filters.category) { params.push(filters.category); where.push(\`category = $\${params.length}\`); }
if (filters.q) { params.push(\`%\${filters.q}%\`); where.push(\`name ILIKE $\${params.length}\`); }
if (filters.minPrice !== undefined) { params.push(filters.minPrice); where.push(\`price >= $\${params.length}\`); }
\`\`\`

### Why these choices
- **\`typeof ... === 'string'\` checks:** Express parses \`?category=a&category=b\` into an array; ignoring non-strings avoids surprising filters and crashes.
- **Allow-listed sort column:** column names can't be parameterised in SQL, so they must come from a fixed set.
- **Cap on \`limit\`:** without it, \`?limit=1000000\` is a free denial of service.
- **Tie-breaker:** add \`id\` as a secondary sort key so rows don't shuffle between pages.
- For very large tables, switch to cursor pagination (\`?after=<lastId>\`), since \`OFFSET\` still scans the skipped rows.`,
	},
	thinker: {
		reasoning: `An Express endpoint that paginates and filters. Decisions to make:

Pagination style: offset (page and limit) is what most clients expect and maps directly to page numbers in a UI. Cursor pagination scales better and doesn't skip or repeat rows when data changes between requests. The prompt says "paginated", most likely page-based, so offset with a cap, and I'll mention cursors.

Validation: req.query values can be strings, arrays (repeated keys) or even objects with the extended query parser. parseInt("10abc") returns 10, and zero or negative pages must not slip through. limit needs an upper bound, or one request can dump the whole table.

Filtering: only known fields; the free-text search should be case-insensitive. And a non-string value must not reach .toLowerCase(), or the handler throws.

Response: the data plus page, limit, total and totalPages. For clearly invalid input like page=0 a 400 is friendlier than silently defaulting.

Keep it runnable: an in-memory array, so it can be tried without a database, with a pointer to the SQL version.`,
		content: `A self-contained version (in-memory data, so you can run it as is) with validation, a page-size cap and allow-listed filters:

\`\`\`js
import express from 'express';

const app = express();
const products = Array.from({ length: 95 }, (_, i) => ({
  id: i + 1,
  name: \`Product \${i + 1}\`,
  category: ['books', 'games', 'music'][i % 3],
  price: 5 + (i % 20),
}));

const MAX_LIMIT = 50;

function intParam(value, { fallback, min, max }) {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\\d+$/.test(value)) return NaN;
  const n = Number(value);
  return n < min ? NaN : Math.min(n, max);
}

app.get('/products', (req, res) => {
  const page = intParam(req.query.page, { fallback: 1, min: 1, max: 1e6 });
  const limit = intParam(req.query.limit, { fallback: 20, min: 1, max: MAX_LIMIT });
  if (Number.isNaN(page) || Number.isNaN(limit)) {
    return res.status(400).json({ error: 'page and limit must be positive integers' });
  }

  const { category, q } = req.query;
  let rows = products;
  if (typeof category === 'string') rows = rows.filter((p) => p.category === category);
  if (typeof q === 'string' && q) {
    const needle = q.toLowerCase();
    rows = rows.filter((p) => p.name.toLowerCase().includes(needle));
  }

  const total = rows.length;
  const data = rows.slice((page - 1) * limit, page * limit);
  res.json({ data, page, limit, total, totalPages: Math.ceil(total / limit) });
});

app.listen(3000, () => console.log('http://localhost:3000/products?category=books&page=2'));
\`\`\`

- \`limit\` is clamped to 50, so no single request can dump the table.
- Non-string query values (\`?category=a&category=b\` becomes an array) are ignored instead of crashing \`.toLowerCase()\`.
- With a database, push the filters into a parameterised \`WHERE ... LIMIT $1 OFFSET $2\`; for large or fast-changing tables prefer cursor pagination (\`?after=<id>\`).`,
	},
};
