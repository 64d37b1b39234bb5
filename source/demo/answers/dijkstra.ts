import type {TopicAnswers} from './types.js';

/** Dijkstra's shortest paths in TypeScript with a priority queue. */
export const dijkstraAnswers: TopicAnswers = {
	swift: {
		content: `Here's Dijkstra with a simple priority queue:

\`\`\`ts
type Graph = Map<string, Array<{ to: string; weight: number }>>;

function dijkstra(graph: Graph, source: string): Map<string, number> {
  const dist = new Map<string, number>([[source, 0]]);
  const queue: Array<[string, number]> = [[source, 0]];

  while (queue.length > 0) {
    queue.sort((a, b) => a[1] - b[1]);
    const [node, d] = queue.shift()!;
    if (d > (dist.get(node) ?? Infinity)) continue;

    for (const { to, weight } of graph.get(node) ?? []) {
      const next = d + weight;
      if (next < (dist.get(to) ?? Infinity)) {
        dist.set(to, next);
        queue.push([to, next]);
      }
    }
  }
  return dist;
}
\`\`\`

Usage:

\`\`\`ts
const graph: Graph = new Map([
  ['A', [{ to: 'B', weight: 4 }, { to: 'C', weight: 1 }]],
  ['C', [{ to: 'B', weight: 2 }]],
]);
console.log(dijkstra(graph, 'A')); // Map(3) { 'A' => 0, 'B' => 3, 'C' => 1 }
\`\`\`

Sorting the array on each step keeps the code short; swap in a heap if your graph is big.`,
	},
	steady: {
		content: `## Dijkstra's algorithm in TypeScript

A self-contained implementation with a binary-heap priority queue, path reconstruction, and guards for the usual pitfalls.

### Priority queue (binary min-heap)

\`\`\`ts
export class MinHeap<T> {
  private readonly items: Array<{ value: T; priority: number }> = [];

  get size(): number {
    return this.items.length;
  }

  push(value: T, priority: number): void {
    this.items.push({ value, priority });
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.items[parent].priority <= this.items[i].priority) break;
      [this.items[parent], this.items[i]] = [this.items[i], this.items[parent]];
      i = parent;
    }
  }

  pop(): { value: T; priority: number } | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last) {
      this.items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.items.length && this.items[left].priority < this.items[smallest].priority) smallest = left;
        if (right < this.items.length && this.items[right].priority < this.items[smallest].priority) smallest = right;
        if (smallest === i) break;
        [this.items[smallest], this.items[i]] = [this.items[i], this.items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}
\`\`\`

### Dijkstra with path reconstruction

\`\`\`ts
export type Edge = { to: string; weight: number };
export type Graph = ReadonlyMap<string, readonly Edge[]>;

export function dijkstra(graph: Graph, source: string) {
  const distance = new Map<string, number>([[source, 0]]);
  const previous = new Map<string, string>();
  const heap = new MinHeap<string>();
  heap.push(source, 0);

  while (heap.size > 0) {
    const { value: node, priority: d } = heap.pop()!;
    if (d > (distance.get(node) ?? Infinity)) continue; // stale entry

    for (const { to, weight } of graph.get(node) ?? []) {
      if (weight < 0) throw new Error(\`Negative edge \${node} -> \${to}\`);
      const candidate = d + weight;
      if (candidate < (distance.get(to) ?? Infinity)) {
        distance.set(to, candidate);
        previous.set(to, node);
        heap.push(to, candidate);
      }
    }
  }
  return { distance, previous };
}

export function shortestPath(previous: ReadonlyMap<string, string>, source: string, target: string): string[] {
  const path = [target];
  while (path[0] !== source) {
    const step = previous.get(path[0]);
    if (step === undefined) return []; // unreachable
    path.unshift(step);
  }
  return path;
}
\`\`\`

### Notes
- **Complexity:** O((V + E) log V). Instead of a decrease-key operation the heap may hold duplicates; the stale-entry check skips them, which is simpler and usually faster in practice.
- **Negative weights** break Dijkstra's invariant; use Bellman-Ford for those.
- Unreachable nodes are absent from \`distance\`, and \`shortestPath\` returns \`[]\` for them.`,
	},
	thinker: {
		reasoning: `Dijkstra with a priority queue in TypeScript. JavaScript has no built-in heap, so I need to write one. A sorted array re-sorted on every step would make the whole thing roughly O(V^2 log V), which defeats the point of asking for a priority queue.

Decrease-key: the textbook version needs decrease-key, which means tracking each node's position in the heap. The common alternative is lazy deletion: push a new entry whenever a distance improves, and skip popped entries whose distance is larger than the best known one. The heap holds at most E entries, so it stays O(E log V). Simpler code, fewer bugs. I'll go with that.

Representation: an adjacency list as Map<string, Edge[]> handles string node ids without an index mapping.

Edge cases: negative weights make Dijkstra wrong, so validate them. Unreachable nodes: leave them out of the distance map. Path reconstruction: keep a prev map.

The heap: array-backed, sift up on push, sift down on pop. Careful with pop on a single-element heap: after removing the last element the array is empty, so I must not put it back at index 0.`,
		content: `Dijkstra with a binary heap and lazy deletion (stale heap entries are skipped instead of using decrease-key), so it runs in O(E log V):

\`\`\`ts
type Edge = { to: string; weight: number };
type Graph = ReadonlyMap<string, readonly Edge[]>;

class MinHeap {
  private heap: Array<[node: string, dist: number]> = [];
  get size() { return this.heap.length; }

  push(entry: [string, number]): void {
    const h = this.heap;
    h.push(entry);
    for (let i = h.length - 1, p = (i - 1) >> 1; i > 0 && h[p][1] > h[i][1]; i = p, p = (i - 1) >> 1) {
      [h[p], h[i]] = [h[i], h[p]];
    }
  }

  pop(): [string, number] {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && h[l][1] < h[m][1]) m = l;
        if (r < h.length && h[r][1] < h[m][1]) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

export function dijkstra(graph: Graph, source: string) {
  const dist = new Map([[source, 0]]);
  const prev = new Map<string, string>();
  const heap = new MinHeap();
  heap.push([source, 0]);

  while (heap.size) {
    const [node, d] = heap.pop();
    if (d > dist.get(node)!) continue; // stale entry
    for (const { to, weight } of graph.get(node) ?? []) {
      if (weight < 0) throw new RangeError('Dijkstra needs non-negative weights');
      const next = d + weight;
      if (next < (dist.get(to) ?? Infinity)) {
        dist.set(to, next);
        prev.set(to, node);
        heap.push([to, next]);
      }
    }
  }
  return { dist, prev }; // unreachable nodes are absent from dist
}
\`\`\`

To rebuild a path, follow \`prev\` back from the target until you reach \`source\`.`,
	},
};
