/**
 * The Pareto frontier of cost against quality: the models worth paying for.
 * A model is on it when no other model is at least as cheap and at least as
 * good, and strictly better in one of the two.
 */

export interface ParetoPoint {
	/** Cost: lower is better. */
	x: number;
	/** Quality: higher is better. */
	y: number;
}

/**
 * The points no other point dominates, cheapest first (equal cost: better
 * first; then input order). Identical points do not dominate each other, so
 * both stay. Points with a non-finite coordinate are left out.
 */
export function paretoFrontier<Point extends ParetoPoint>(points: readonly Point[]): Point[] {
	const finite = points.filter(point => Number.isFinite(point.x) && Number.isFinite(point.y));
	const dominates = (better: ParetoPoint, worse: ParetoPoint) =>
		better.x <= worse.x && better.y >= worse.y && (better.x < worse.x || better.y > worse.y);
	// Quadratic, and fine: a board has tens of models, not thousands.
	return finite
		.map((point, index) => ({point, index}))
		.filter(({point}) => !finite.some(other => dominates(other, point)))
		.sort((left, right) => left.point.x - right.point.x || right.point.y - left.point.y || left.index - right.index)
		.map(({point}) => point);
}
