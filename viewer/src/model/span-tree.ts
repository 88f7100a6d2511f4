/** A span with its children nested under it. */
export type TreeNode<T> = T & { children: TreeNode<T>[] };

/**
 * Nests spans under their parents, keeping the given (start) order among siblings. A span whose parent
 * is not in the list (the root, or a child whose parent has not arrived yet) becomes a top-level node,
 * and so does one whose parent link would close a cycle: no span is ever hidden.
 */
export function spanTree<T extends { spanId: string; parentSpanId: string | null }>(spans: T[]): TreeNode<T>[] {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const nodes = new Map(spans.map((span) => [span.spanId, { ...span, children: [] } as TreeNode<T>]));
  const closesCycle = (span: T): boolean => {
    const seen = new Set([span.spanId]);
    for (let id = span.parentSpanId; id; id = byId.get(id)?.parentSpanId ?? null) {
      if (seen.has(id)) return true;
      seen.add(id);
    }
    return false;
  };
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentSpanId ? nodes.get(node.parentSpanId) : undefined;
    if (parent && !closesCycle(node)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
