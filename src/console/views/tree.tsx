import { useEffect, useMemo, useState } from 'preact/hooks'
import type { StoreView } from '../api/types'
import { path } from '../api/client'
import { ErrorBox } from '../parts/error-box'
import { ObjectDetails } from './object-details'
import type { ViewProps } from './registry'
import { ancestorKeys, findNode, nodeKey, storeTree, type TreeNode } from './store-tree'

function Node({
  node,
  selected,
  open,
  onSelect,
  onToggle,
}: {
  node: TreeNode
  selected: string | undefined
  open: ReadonlySet<string>
  onSelect: (n: TreeNode) => void
  onToggle: (key: string) => void
}) {
  const expanded = open.has(node.key)
  return (
    <li>
      {node.children.length > 0 ? (
        <button type="button" class="toggle" aria-expanded={expanded} aria-label={`${expanded ? 'Collapse' : 'Expand'} ${node.label}`} onClick={() => onToggle(node.key)}>
          {expanded ? '▾' : '▸'}
        </button>
      ) : (
        <span class="toggle-space" />
      )}
      <button type="button" class="node" aria-current={selected === node.key ? 'true' : undefined} onClick={() => onSelect(node)}>
        {node.label}
      </button>
      {expanded && node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Node key={c.key} node={c} selected={selected} open={open} onSelect={onSelect} onToggle={onToggle} />
          ))}
        </ul>
      )}
    </li>
  )
}

/** The store as a tree, as the AzMan console shows it, with the chosen object's details beside it. */
export function TreeView({ api, store, focus }: ViewProps) {
  const [view, setView] = useState<StoreView | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [selected, setSelected] = useState<TreeNode | undefined>(undefined)
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  useEffect(() => {
    api.get<StoreView>(path('stores', store)).then(({ body }) => {
      setView(body)
      const nodes = storeTree(body)
      const target = focus === undefined ? undefined : findNode(nodes, focus)
      setOpen(new Set([...body.applications.map((a) => nodeKey('application', {}, a.name)), ...(target === undefined || focus === undefined ? [] : (ancestorKeys(nodes, focus) ?? []))]))
      setSelected(target)
    }, setError)
  }, [api, store, focus])
  const tree = useMemo(() => (view === undefined ? [] : storeTree(view)), [view])
  if (error !== undefined) return <ErrorBox error={error} />
  if (view === undefined) return <p class="loading">Loading the store…</p>
  const toggle = (key: string) =>
    setOpen((o) => {
      const next = new Set(o)
      if (!next.delete(key)) next.add(key)
      return next
    })
  return (
    <div class="split">
      <nav class="tree" aria-label="Store tree">
        <ul>
          {tree.map((n) => (
            <Node key={n.key} node={n} selected={selected?.key} open={open} onSelect={setSelected} onToggle={toggle} />
          ))}
        </ul>
      </nav>
      <div class="details">{selected === undefined ? <p class="none">Choose an object in the tree.</p> : <ObjectDetails object={selected.object} />}</div>
    </div>
  )
}
