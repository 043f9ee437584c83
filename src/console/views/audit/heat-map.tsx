import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { CellState } from '../../api/types'
import { nodeKey } from '../store-tree'
import type { ViewProps } from '../registry'
import { CELL_COLOURS, CELL_LABELS, CELL_MARKS, type HeatRow } from './cells'

/** Every row has this height (CSS `.heat tr`): what makes the rows in view computable from the scroll position. */
export const ROW_HEIGHT = 28
/** Rows rendered above and below the visible ones, so that a fast scroll shows no gap. */
const OVERSCAN = 10

/** The rows to render for a scroll position: the visible ones and the overscan. */
export function visibleRange(scrollTop: number, viewHeight: number, total: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN)
  const last = Math.min(total, Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN)
  return { first, last }
}

/** The colours and what they mean. */
export function Legend({ states }: { states: readonly CellState[] }) {
  return (
    <ul class="heat-legend" aria-label="Legend">
      {states.map((s) => (
        <li key={s}>
          <span class="swatch" style={{ background: CELL_COLOURS[s] }} aria-hidden="true">
            {CELL_MARKS[s]}
          </span>
          {CELL_LABELS[s]}
        </li>
      ))}
    </ul>
  )
}

function Row({ row, index, operations, app, go }: { row: HeatRow; index: number; operations: readonly { id: number | null; name: string }[]; app: string; go: ViewProps['go'] }) {
  const where = `${row.scope ?? 'application level'} / ${row.roleAssignment}`
  const key = nodeKey('role-assignment', row.scope === null ? { app } : { app, scope: row.scope }, row.roleAssignment)
  return (
    <tr aria-rowindex={index + 2}>
      <th scope="row" class="ra" title={row.template === null ? where : `${where} (template ${row.template})`}>
        <button type="button" class="link" onClick={() => go('tree', key)}>
          {where}
        </button>
      </th>
      {row.cells.map((c, i) => (
        <td key={i} class="cell" style={{ background: CELL_COLOURS[c] }} title={`${operations[i]?.id ?? '?'} ${operations[i]?.name ?? ''}: ${CELL_LABELS[c]}`} data-state={c}>
          <span aria-hidden="true">{CELL_MARKS[c]}</span>
          <span class="visually-hidden">{CELL_LABELS[c]}</span>
        </td>
      ))}
    </tr>
  )
}

/**
 * Role assignments x operations as a heat map. Only the rows in view (and a
 * few more) are in the DOM: every row has the same height, spacer rows stand
 * for the others, so a matrix of thousands of rows scrolls as fast as one of ten.
 */
export function HeatMap({ rows, operations, app, go }: { rows: readonly HeatRow[]; operations: readonly { id: number | null; name: string }[]; app: string; go: ViewProps['go'] }) {
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewHeight, setViewHeight] = useState(600)
  useEffect(() => {
    const el = scroller.current
    if (el === null) return
    const measure = () => setViewHeight(el.clientHeight)
    measure()
    window.addEventListener('resize', measure)
    return () => window.removeEventListener('resize', measure)
  }, [])
  const { first, last } = visibleRange(scrollTop, viewHeight, rows.length)
  const states = useMemo(() => (Object.keys(CELL_COLOURS) as CellState[]).filter((s) => rows.some((r) => r.cells.includes(s))), [rows])
  const span = operations.length + 1
  return (
    <div>
      <Legend states={states} />
      <div
        class="heat-scroll"
        ref={scroller}
        tabIndex={0}
        role="region"
        aria-label={`Matrix of ${app}: ${rows.length} role assignments by ${operations.length} operations`}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <table class="heat" aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" class="ra">
                Scope / role assignment
              </th>
              {operations.map((op, i) => (
                <th key={i} scope="col" class="op" title={`${op.id ?? '?'} ${op.name}`}>
                  <abbr title={op.name}>{op.id === null ? op.name : String(op.id)}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first > 0 && (
              <tr class="spacer" aria-hidden="true" style={{ height: `${first * ROW_HEIGHT}px` }}>
                <td colSpan={span} />
              </tr>
            )}
            {rows.slice(first, last).map((row, i) => (
              <Row key={first + i} row={row} index={first + i} operations={operations} app={app} go={go} />
            ))}
            {last < rows.length && (
              <tr class="spacer" aria-hidden="true" style={{ height: `${(rows.length - last) * ROW_HEIGHT}px` }}>
                <td colSpan={span} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  )
}
