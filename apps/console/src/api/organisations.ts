import type { Organisation } from '@safenet/sdk';
import { useQuery } from '@tanstack/react-query';
import { client } from './client.js';

/** Every organisation the person can see (their subtree), root first, in tree order. */
export function useOrganisations() {
  return useQuery({
    queryKey: ['organisations'],
    queryFn: async () => {
      const all: Organisation[] = [];
      for await (const org of client.organisations.iterate({ limit: 500 })) all.push(org);
      return treeOrder(all);
    },
    staleTime: 60_000,
  });
}

/** Sorts organisations so each follows its parent, siblings by name. */
export function treeOrder(orgs: readonly Organisation[]): Organisation[] {
  const children = new Map<string | null, Organisation[]>();
  const ids = new Set(orgs.map((o) => o.id));
  for (const org of orgs) {
    // The top of what a person sees may have a parent they cannot see: treat it as a root.
    const parent = org.parentId && ids.has(org.parentId) ? org.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), org]);
  }
  const out: Organisation[] = [];
  const visit = (parent: string | null) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    for (const org of list) {
      out.push(org);
      visit(org.id);
    }
  };
  visit(null);
  return out;
}

/** How deep `org` sits below the top of `orgs` (for indentation). */
export function depthOf(org: Organisation, orgs: readonly Organisation[]): number {
  const top = orgs[0]?.path.length ?? org.path.length;
  return Math.max(0, org.path.length - top);
}
