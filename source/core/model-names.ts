import {UsageError} from './errors.js';
import {parseModelSpec} from './spec.js';
import {CHAIN_PROVIDER, type ModelSpec} from './types.js';

/**
 * What `-m` may name besides PROVIDER:MODEL: an alias (one spec under a short
 * name) or a fallback chain (specs tried in order). Names never contain a
 * colon, so a bare `-m NAME` can only be one of these two. A chain is also
 * reachable as `chain:NAME`, the spec it is stored and rated under.
 */
export interface ModelNames {
	aliases: Readonly<Record<string, string>>;
	chains: Readonly<Record<string, readonly string[]>>;
	/** Configured providers: a provider literally called `chain` keeps its specs. */
	providers: Readonly<Record<string, unknown>>;
}

export type ResolvedModel = {kind: 'spec'; spec: ModelSpec} | {kind: 'chain'; name: string; spec: ModelSpec; members: ModelSpec[]};

export function chainSpec(name: string): string {
	return `${CHAIN_PROVIDER}:${name}`;
}

export function unknownNameError(name: string): UsageError {
	return new UsageError(
		`unknown model or alias "${name}"; use PROVIDER:MODEL or define it with \`arena models alias ${name} PROVIDER:MODEL\``,
	);
}

/** Turns one `-m` value into a spec, or a chain with its members flattened to specs. */
export function resolveModelReference(reference: string, names: ModelNames): ResolvedModel {
	const trimmed = reference.trim();
	const chainName = chainNameOf(trimmed, names);
	if (chainName !== undefined) {
		const members = flattenChain(chainName, names, []);
		return {kind: 'chain', name: chainName, spec: parseModelSpec(chainSpec(chainName)), members};
	}
	if (trimmed.includes(':')) return {kind: 'spec', spec: parseModelSpec(trimmed)};
	if (Object.hasOwn(names.aliases, trimmed)) return {kind: 'spec', spec: parseModelSpec(names.aliases[trimmed]!)};
	throw unknownNameError(trimmed);
}

function chainNameOf(reference: string, names: ModelNames): string | undefined {
	if (!reference.includes(':')) return Object.hasOwn(names.chains, reference) ? reference : undefined;
	const prefix = `${CHAIN_PROVIDER}:`;
	if (!reference.startsWith(prefix) || Object.hasOwn(names.providers, CHAIN_PROVIDER)) return undefined;
	const name = reference.slice(prefix.length);
	if (!Object.hasOwn(names.chains, name)) throw new UsageError(`unknown chain "${name}"; define it with \`arena models chain ${name} SPEC1 SPEC2 …\``);
	return name;
}

/**
 * A member may be a spec, an alias, or another chain (whose members are
 * spliced in). `path` holds the chains being expanded, so a cycle is an error
 * rather than endless recursion. Repeats keep their first position.
 */
function flattenChain(name: string, names: ModelNames, path: string[]): ModelSpec[] {
	if (path.includes(name)) {
		throw new UsageError(`chain "${name}" contains itself (${[...path, name].join(' → ')}); fix it with \`arena models chain ${name} SPEC1 SPEC2 …\``);
	}
	const flattened: ModelSpec[] = [];
	for (const member of names.chains[name]!) {
		const trimmed = member.trim();
		let specs: ModelSpec[];
		if (trimmed.includes(':')) specs = [parseModelSpec(trimmed)];
		else if (Object.hasOwn(names.chains, trimmed)) specs = flattenChain(trimmed, names, [...path, name]);
		else if (Object.hasOwn(names.aliases, trimmed)) specs = [parseModelSpec(names.aliases[trimmed]!)];
		else throw new UsageError(`chain "${name}" names "${trimmed}", which is neither PROVIDER:MODEL nor an alias; define it with \`arena models alias\``);
		for (const spec of specs) if (!flattened.some(existing => existing.spec === spec.spec)) flattened.push(spec);
	}
	return flattened;
}
