/**
 * Arrow keys on the graph: Right follows an edge downstream, Left upstream (the nearest such node
 * in height), Up and Down move to the nearest node above or below. From the laid-out boxes, so
 * the keys go where the eye does.
 */
import type { Box, PlacedEdge } from './graphModel';

export type Direction = 'left' | 'right' | 'up' | 'down';

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** The node to move to from `current`, or undefined when there is none that way. */
export function neighbour(current: string, dir: Direction, boxes: readonly Box[], edges: readonly PlacedEdge[]): string | undefined {
  const leaves = boxes.filter((b) => !b.compound);
  const here = leaves.find((b) => b.id === current);
  if (!here) return leaves[0]?.id;
  const c = centre(here);
  const byId = new Map(leaves.map((b) => [b.id, b]));
  if (dir === 'left' || dir === 'right') {
    const linked = edges.filter((e) => (dir === 'right' ? e.from : e.to) === current).map((e) => byId.get(dir === 'right' ? e.to : e.from)).filter((b): b is Box => !!b);
    const pool = linked.length ? linked : leaves.filter((b) => (dir === 'right' ? centre(b).x > c.x + 1 : centre(b).x < c.x - 1));
    return nearest(pool, (p) => Math.abs(p.y - c.y) * 4 + Math.abs(p.x - c.x))?.id;
  }
  const pool = leaves.filter((b) => b.id !== current && (dir === 'down' ? centre(b).y > c.y + 1 : centre(b).y < c.y - 1));
  return nearest(pool, (p) => Math.abs(p.x - c.x) * 3 + Math.abs(p.y - c.y))?.id;
}

function nearest(pool: readonly Box[], cost: (p: { x: number; y: number }) => number): Box | undefined {
  let best: Box | undefined;
  let bestCost = Infinity;
  for (const b of pool) {
    const k = cost(centre(b));
    if (k < bestCost) {
      best = b;
      bestCost = k;
    }
  }
  return best;
}
