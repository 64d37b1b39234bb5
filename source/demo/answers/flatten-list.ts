import type {TopicAnswers} from './types.js';

/** Flatten an arbitrarily nested Python list. */
export const flattenListAnswers: TopicAnswers = {
	swift: {
		content: `Use recursion: check whether each item is a list and recurse into it.

\`\`\`python
def flatten(items):
    result = []
    for item in items:
        if isinstance(item, list):
            result.extend(flatten(item))
        else:
            result.append(item)
    return result


nested = [1, [2, [3, [4, 5]]], 6, []]
print(flatten(nested))  # [1, 2, 3, 4, 5, 6]
\`\`\`

If you only ever have **one level** of nesting, a comprehension is enough:

\`\`\`python
pairs = [[1, 2], [3], [4, 5]]
flat = [x for sub in pairs for x in sub]  # [1, 2, 3, 4, 5]
\`\`\`

That's it: \`flatten\` handles any depth and keeps the original order.`,
	},
	steady: {
		content: `## Flattening an arbitrarily nested list

Two questions to settle first:

1. **How deep can the nesting go?** If it's always exactly one level, \`itertools.chain.from_iterable\` is the idiomatic answer. For arbitrary depth you need recursion or an explicit stack.
2. **What counts as "nested"?** Strings and bytes are iterable, so a generic "is it iterable?" check would split \`"abc"\` into characters. It's safer to recurse only into \`list\` and \`tuple\`.

### Recursive generator

\`\`\`python
from collections.abc import Iterator
from typing import Any


def flatten(items: list[Any] | tuple[Any, ...]) -> Iterator[Any]:
    """Yield the leaves of a nested list/tuple, left to right."""
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from flatten(item)
        else:
            yield item
\`\`\`

It's lazy: \`list(flatten(data))\` builds the result only when you ask for it, and \`next(flatten(data))\` gets the first leaf without walking everything.

### Iterative version (no recursion limit)

Python's default recursion limit is 1000, so a pathologically deep list raises \`RecursionError\`. An explicit stack of iterators avoids that and still preserves order:

\`\`\`python
def flatten_iterative(items):
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, (list, tuple)):
                stack.append(iter(item))
                break
            yield item
        else:
            stack.pop()
\`\`\`

### Tests

\`\`\`python
import pytest


@pytest.mark.parametrize("fn", [flatten, flatten_iterative])
def test_flatten(fn):
    assert list(fn([1, [2, [3, [4]]], 5])) == [1, 2, 3, 4, 5]
    assert list(fn([[], [[]], 1])) == [1]
    assert list(fn(["ab", ["cd"]])) == ["ab", "cd"]  # strings stay whole


def test_deep_nesting():
    deep = [1]
    for _ in range(5000):
        deep = [deep]
    assert list(flatten_iterative(deep)) == [1]
\`\`\`

Both run in **O(n)** time for n elements in total; the recursive one uses O(depth) stack frames, the iterative one O(depth) heap memory.`,
	},
	thinker: {
		reasoning: `The user wants to flatten a nested Python list. The key question is depth: one level or arbitrary? "Nested list" usually means arbitrary depth, so I'll handle any depth and mention the one-level idiom.

Options: recursion with \`yield from\` is the cleanest. But Python's recursion limit is about 1000 frames, so a list nested 5000 deep would raise RecursionError. Unlikely in practice, but an explicit stack costs only a few lines.

Strings: if I test with isinstance(x, Iterable), a string would be split into characters, and a one-character string is itself iterable, which means infinite recursion. So check isinstance(x, (list, tuple)) explicitly.

Order: with a stack of items I'd have to push them in reverse. A stack of iterators keeps the order naturally and never copies sublists. When an inner iterator is exhausted I pop it and the parent resumes where it stopped; a for/else expresses that neatly.

Return type: a generator is lazy and composable; callers wrap it in list() when they need a list. Let me check the example: [1, [2, [3, [4]]], "ab", [[]], 5] should give [1, 2, 3, 4, "ab", 5]. The empty inner lists contribute nothing. Good.`,
		content: `Flatten to any depth with a stack of iterators: no recursion limit, order preserved, strings left intact.

\`\`\`python
from typing import Any, Iterable, Iterator


def flatten(items: Iterable[Any]) -> Iterator[Any]:
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, (list, tuple)):
                stack.append(iter(item))  # descend; the parent resumes later
                break
            yield item
        else:
            stack.pop()  # this level is exhausted


assert list(flatten([1, [2, [3, [4]]], "ab", [[]], 5])) == [1, 2, 3, 4, "ab", 5]
\`\`\`

Notes:
- Only \`list\` and \`tuple\` are expanded. Checking for any iterable would split strings into characters (and recurse forever on one-character strings).
- It's a generator: use \`list(flatten(x))\` for a list, or iterate lazily over large inputs.
- For exactly one level of nesting, \`list(itertools.chain.from_iterable(x))\` is simpler.`,
	},
};
