/**
 * The report's stylesheet, inlined into the page. Every colour is a variable
 * with a light and a dark value, so the charts (which only name classes) follow
 * the reader's colour scheme. Win and loss are blue and orange: the pair that
 * stays distinct under the common colour-vision deficiencies. Fonts are the
 * system's own: the page must load nothing.
 */
const LIGHT_PALETTE = `
	--bg: #f5f6f8;
	--surface: #ffffff;
	--surface-2: #f0f2f5;
	--text: #1c2128;
	--muted: #57606a;
	--border: #d8dee4;
	--grid: #e7eaee;
	--axis: #8c959f;
	--accent: #2f5fd0;
	--accent-soft: #dbe6ff;
	--accent-text: #1f4bb0;
	--ttft: #c2570c;
	--speed: #2f5fd0;
	--frontier: #0f8a5f;
	--band: rgba(15, 23, 42, 0.028);
	--heat-even: #eceff3;
	--win-1: #e4ecfd;
	--win-2: #c5d6fb;
	--win-3: #95b3f4;
	--win-4: #3a6ee0;
	--win-5: #1d4fc4;
	--loss-1: #fde9de;
	--loss-2: #fbcfb8;
	--loss-3: #f3a47e;
	--loss-4: #c84d12;
	--loss-5: #a23b09;
	--heat-ink-1: #1c2128;
	--heat-ink-2: #1c2128;
	--heat-ink-3: #1c2128;
	--heat-ink-4: #ffffff;
	--heat-ink-5: #ffffff;
	--shadow: 0 1px 2px rgba(15, 23, 42, 0.06), 0 1px 8px rgba(15, 23, 42, 0.04);
`;

/** The heat map's steps: a cell, its legend swatch and its text colour for each side and level. */
function heatRules(): string {
	const rules: string[] = [];
	for (let level = 1; level <= HEAT_LEVELS; level++) {
		for (const side of ['win', 'loss']) {
			rules.push(`svg.chart .cell.${side}-${level} { fill: var(--${side}-${level}); }`, `.scale .${side}-${level} { background: var(--${side}-${level}); }`);
		}

		rules.push(`svg.chart .cell-text.ink-${level} { fill: var(--heat-ink-${level}); }`);
	}

	return rules.join('\n');
}

/** Shades per side of the heat map (see the --win-N and --loss-N variables). */
export const HEAT_LEVELS = 5;

export const REPORT_STYLE = `
:root {
	color-scheme: light dark;
${LIGHT_PALETTE}	--mono: ui-monospace, "SF Mono", "Cascadia Mono", "Segoe UI Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
	--sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
	:root {
		--bg: #0e1116;
		--surface: #161b22;
		--surface-2: #1d232c;
		--text: #e6edf3;
		--muted: #9aa4af;
		--border: #2d333b;
		--grid: #242a32;
		--axis: #6e7681;
		--accent: #6ea0ff;
		--accent-soft: #1b2b4a;
		--accent-text: #8fb6ff;
		--ttft: #f0883e;
		--speed: #6ea0ff;
		--frontier: #3fcf8e;
		--band: rgba(255, 255, 255, 0.025);
		--heat-even: #222932;
		--win-1: #1b2940;
		--win-2: #213a66;
		--win-3: #2b5096;
		--win-4: #3a6dcf;
		--win-5: #6a9bff;
		--loss-1: #33241b;
		--loss-2: #55311b;
		--loss-3: #80431d;
		--loss-4: #b0561f;
		--loss-5: #f28a47;
		--heat-ink-1: #e6edf3;
		--heat-ink-2: #e6edf3;
		--heat-ink-3: #e6edf3;
		--heat-ink-4: #ffffff;
		--heat-ink-5: #0b0f14;
		--shadow: none;
	}
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
	margin: 0;
	background: var(--bg);
	color: var(--text);
	font: 15px/1.5 var(--sans);
	font-variant-numeric: tabular-nums;
}
.page { max-width: 1120px; margin: 0 auto; padding: 32px 20px 48px; }
header.masthead { margin-bottom: 24px; }
.eyebrow { color: var(--muted); font-size: 13px; letter-spacing: 0.06em; text-transform: uppercase; font-weight: 600; }
h1 { font-size: 30px; line-height: 1.2; margin: 4px 0 6px; letter-spacing: -0.01em; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 0 0 4px; letter-spacing: -0.005em; }
h3 { font-size: 14px; margin: 0 0 8px; color: var(--muted); font-weight: 600; }
.meta { color: var(--muted); margin: 0; }
.meta strong { color: var(--text); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 20px 0 0; }
.tile { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 12px 16px; box-shadow: var(--shadow); min-width: 0; }
.tile dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; font-weight: 600; }
.tile dd { margin: 2px 0 0; font-size: 22px; font-weight: 650; overflow-wrap: anywhere; line-height: 1.25; }
.tile dd.name { font-size: 17px; }
.tile .sub { display: block; font-size: 12.5px; font-weight: 400; color: var(--muted); margin-top: 2px; }
section.card { background: var(--surface); border: 1px solid var(--border); border-radius: 12px; padding: 20px 22px; margin: 0 0 20px; box-shadow: var(--shadow); break-inside: avoid; }
.lede { color: var(--muted); margin: 0 0 14px; font-size: 14px; max-width: 72ch; }
.empty { text-align: center; padding: 48px 20px; }
.empty h2 { font-size: 22px; margin-bottom: 8px; }
.empty p { color: var(--muted); margin: 6px auto; max-width: 52ch; }
code { font-family: var(--mono); font-size: 0.92em; background: var(--surface-2); border: 1px solid var(--border); border-radius: 5px; padding: 1px 5px; }
.note { color: var(--muted); font-size: 14px; background: var(--surface-2); border: 1px dashed var(--border); border-radius: 8px; padding: 12px 14px; margin: 0; }

.table-wrap { overflow-x: auto; margin: 0 -4px; padding: 0 4px; }
table.board { width: 100%; border-collapse: collapse; font-size: 14px; }
table.board caption { text-align: left; color: var(--muted); font-size: 13px; caption-side: bottom; padding-top: 10px; }
table.board th, table.board td { padding: 7px 8px; border-bottom: 1px solid var(--border); white-space: nowrap; vertical-align: middle; }
table.board thead th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; text-align: left; background: var(--surface); }
table.board tbody tr:nth-child(even) { background: var(--band); }
table.board tbody tr:hover { background: var(--accent-soft); }
table.board .num { text-align: right; }
table.board .model { text-align: left; font-weight: 600; }
table.board .model .provider { display: block; font-size: 11.5px; font-weight: 500; color: var(--muted); line-height: 1.2; }
table.board .model .model-name { display: block; min-width: 16ch; max-width: 36ch; overflow-wrap: break-word; white-space: normal; line-height: 1.3; }
table.board tr.unrated td, table.board tr.unrated th { color: var(--muted); }
table.board tr.unrated .model { font-weight: 500; }
.rank-badge { display: inline-block; min-width: 26px; text-align: center; border-radius: 999px; padding: 1px 7px; background: var(--surface-2); border: 1px solid var(--border); font-weight: 600; font-size: 13px; }
.rank-badge.top { background: var(--accent-soft); border-color: transparent; color: var(--accent-text); }
.rating strong { font-size: 15px; }
.ci { color: var(--muted); font-size: 12.5px; margin-left: 4px; }
.meter { display: inline-block; width: 40px; height: 6px; border-radius: 3px; background: var(--grid); vertical-align: middle; margin-right: 8px; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--accent); border-radius: 3px; }
.dim { color: var(--muted); }

figure { margin: 0; }
.chart-wrap { overflow-x: auto; }
svg.chart { display: block; width: 100%; height: auto; font-family: var(--sans); }
svg.chart text { fill: var(--text); font-size: 12px; }
svg.chart .tick { fill: var(--muted); font-size: 11px; }
svg.chart .axis-title { fill: var(--muted); font-size: 11.5px; }
svg.chart .label { font-size: 12.5px; }
svg.chart .label .rank { fill: var(--muted); }
svg.chart .value { fill: var(--muted); font-size: 11.5px; }
svg.chart .grid { stroke: var(--grid); stroke-width: 1; }
svg.chart .axis { stroke: var(--axis); stroke-width: 1; }
svg.chart .band { fill: var(--band); }
svg.chart .hit { fill: transparent; }
svg.chart .rating-row:hover .hit, svg.chart .bar-row:hover .label { fill: var(--accent-soft); }
svg.chart .reference { stroke: var(--axis); stroke-dasharray: 3 3; }
svg.chart .reference-label { fill: var(--muted); font-size: 10.5px; }
svg.chart .whisker { stroke: var(--accent); stroke-width: 2; stroke-linecap: round; }
svg.chart .dot { fill: var(--accent); stroke: var(--surface); stroke-width: 2; }
svg.chart .point circle { fill: var(--surface); stroke: var(--axis); stroke-width: 2; }
svg.chart .point.frontier circle { fill: var(--frontier); stroke: var(--surface); stroke-width: 2; }
svg.chart .frontier-line { fill: none; stroke: var(--frontier); stroke-width: 2; stroke-dasharray: 6 4; opacity: 0.85; }
svg.chart .point-label { fill: var(--muted); font-size: 12px; paint-order: stroke; stroke: var(--surface); stroke-width: 4px; stroke-linejoin: round; }
svg.chart .point-label.frontier { fill: var(--text); font-weight: 600; }
svg.chart .bar.ttft { fill: var(--ttft); }
svg.chart .bar.speed { fill: var(--speed); }
svg.chart .bar-row:hover .bar { opacity: 0.8; }
svg.chart .cell.even { fill: var(--heat-even); }
${heatRules()}
svg.chart .cell.diagonal { fill: var(--surface-2); }
svg.chart .cell.none { fill: none; stroke: var(--border); stroke-dasharray: 3 3; }
svg.chart .cell-text { font-size: 13px; font-weight: 600; text-anchor: middle; }
svg.chart .cell-text.small { font-size: 11px; }
svg.chart .cell-text.none { fill: var(--muted); font-weight: 400; }
svg.chart .heat:hover rect { stroke: var(--text); stroke-width: 1.5; }
svg.chart .column-head { font-weight: 600; }

.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 20px 28px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; color: var(--muted); font-size: 13px; margin: 10px 0 0; padding: 0; list-style: none; }
.legend .key { display: inline-block; width: 12px; height: 12px; border-radius: 50%; vertical-align: -1px; margin-right: 6px; }
.legend .key.frontier { background: var(--frontier); }
.legend .key.dominated { border: 2px solid var(--axis); background: var(--surface); }
.legend .key.line { width: 22px; height: 0; border-radius: 0; border-top: 2px dashed var(--frontier); vertical-align: 3px; }
.scale { display: inline-flex; border-radius: 4px; overflow: hidden; margin: 0 6px; vertical-align: -2px; }
.scale span { display: block; width: 22px; height: 12px; }
.scale .even { background: var(--heat-even); }
.frontier-list { margin: 10px 0 0; font-size: 14px; }
.frontier-list strong { color: var(--text); }
ul.notes { margin: 0; padding-left: 20px; }
ul.notes li { margin: 4px 0; overflow-wrap: anywhere; }
ul.notes li.detail { color: var(--muted); }
footer { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 28px; }

@media (max-width: 640px) {
	.page { padding: 20px 12px 32px; }
	h1 { font-size: 24px; }
	section.card { padding: 16px 14px; }
	svg.chart { min-width: 600px; }
	svg.chart.heatmap, svg.chart.bars { min-width: 400px; }
}
@media print {
	:root {
	color-scheme: light;
${LIGHT_PALETTE}
	}
	body { background: #fff; font-size: 12px; }
	.page { max-width: none; padding: 0; }
	section.card, .tile { box-shadow: none; border-color: #ccc; }
	table.board tbody tr:hover { background: none; }
	.chart-wrap, .table-wrap { overflow: visible; }
}
`;
