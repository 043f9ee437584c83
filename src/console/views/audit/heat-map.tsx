import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { CellState } from '../../api/types'
import { nodeKey } from '../store-tree'
import type { ViewProps } from '../registry'
import { CELL_COLOURS, CELL_LABELS, CELL_MARKS, type HeatRow } from './cells'

/** Every row has this height (CSS `.heat tr`): what makes the rows in view computable from the scroll position. */
export const ROW_HEIGHT = 28
/** Widths of the row headers and of the cells (CSS `.heat th.ra`, `.heat td.cell`). */
const RA_WIDTH = 320
const CELL_WIDTH = 30
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

type Ops = readonly { id: number | null; name: string }[]

function Row({ row, index, operations, app, go }: { row: HeatRow; index: number; operations: Ops; app: string; go: ViewProps['go'] }) {
  const where = `${row.scope ?? 'application level'} / ${row.roleAssignment}`
  const key = nodeKey('role-assignment', row.scope === null ? { app } : { app, scope: row.scope }, row.roleAssignment)
  return (
    <div role="row" class="heat-row" aria-rowindex={index + 2} style={{ top: `${(index + 1) * ROW_HEIGHT}px` }}>
      <span role="rowheader" class="ra" title={row.template === null ? where : `${where} (template ${row.template})`}>
        <button type="button" class="link" onClick={() => go('tree', key)}>
          {where}
        </button>
      </span>
      {row.cells.map((c, i) => (
        // The cell's words are its accessible name; its mark is for the eye (one text node: cheap to lay out).
        <span key={i} role="cell" class={`cell c-${c}`} aria-label={CELL_LABELS[c]} title={`${operations[i]?.id ?? '?'} ${operations[i]?.name ?? ''}: ${CELL_LABELS[c]}`} data-state={c}>
          {CELL_MARKS[c]}
        </span>
      ))}
    </div>
  )
}

/**
 * Role assignments x operations as a heat map (an ARIA table of fixed-size
 * rows). Only the rows in view (and a few more) are in the DOM, each placed at
 * its own height in a box as tall as all of them: a matrix of thousands of
 * rows scrolls as fast as one of ten.
 */
export function HeatMap({ rows, operations, app, go }: { rows: readonly HeatRow[]; operations: Ops; app: string; go: ViewProps['go'] }) {
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
  // Fixed sizes make the box and each row layout boundaries (CSS `contain: strict`): a scroll step lays out the rows it changes.
  const fullHeight = (rows.length + 1) * ROW_HEIGHT
  const boxHeight = Math.min(fullHeight + 4, Math.max(240, Math.round(window.innerHeight * 0.6)))
  const width = `${RA_WIDTH + operations.length * CELL_WIDTH}px`
  return (
    <div>
      <Legend states={states} />
      <div
        class="heat-scroll"
        ref={scroller}
        style={{ height: `${boxHeight}px` }}
        tabIndex={0}
        role="region"
        aria-label={`Matrix of ${app}: ${rows.length} role assignments by ${operations.length} operations`}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div class="heat" role="table" aria-label={`Matrix of ${app}`} aria-rowcount={rows.length + 1} aria-colcount={operations.length + 1} style={{ width, height: `${fullHeight}px` }}>
          <div role="rowgroup" class="heat-head">
            <div role="row" class="heat-row" aria-rowindex={1}>
              <span role="columnheader" class="ra">
                Scope / role assignment
              </span>
              {operations.map((op, i) => (
                <span key={i} role="columnheader" class="op" title={`${op.id ?? '?'} ${op.name}`}>
                  {op.id === null ? op.name : String(op.id)}
                </span>
              ))}
            </div>
          </div>
          <div role="rowgroup" class="heat-body">
            {/* Keyed by slot, not by row: a scroll step reuses the rows' elements and changes their text, classes and place. */}
            {rows.slice(first, last).map((row, i) => (
              <Row key={i} row={row} index={first + i} operations={operations} app={app} go={go} />
            ))}
          </div>
        </div>
      </div>
    </div>
  )
}
