/**
 * The console on a generated store of 1,000 scopes (test/bench/access-store.ts:
 * three role assignments in each, 3,003 rows of matrix), measured in the
 * browser with the Performance API: the time from submitting the token to the
 * store's tree on screen, the time to the heat map, and, while the heat map
 * is scrolled from top to bottom, the longest task (PerformanceObserver
 * 'longtask') and the longest gap between animation frames. The figures are
 * printed (docs/benchmarks.md records them); the bounds asserted are generous,
 * so that a loaded machine does not fail the test, but an unvirtualised map
 * (tens of thousands of cells rebuilt per scroll step) would.
 */
import { writeFileSync } from 'node:fs'
import t from 'tap'
import { renderStore } from '../../src/xml/policy/render-store.js'
import { benchPolicy } from '../bench/access-store.js'
import { launchBrowser, newPage, skipWithoutChromium } from './browser.js'
import { consoleServer } from './console-server.js'
import { openView } from './open-console.js'

const SCOPES = 1000

/** Installed before sign-in: when the form is submitted, and when the tree's first node is on screen. */
const WATCH_FIRST_VIEW = `(() => {
  window.__azman = {}
  document.addEventListener('submit', () => { window.__azman.submitted = performance.now() }, true)
  new MutationObserver((_, observer) => {
    if (document.querySelector('nav.tree button.node') !== null) {
      window.__azman.treeShown = performance.now()
      observer.disconnect()
    }
  }).observe(document, { childList: true, subtree: true })
})()`

/** Scrolls the heat map to its bottom, a step per animation frame, recording long tasks and frame gaps. */
const SCROLL_AND_MEASURE = `new Promise((resolve) => {
  const box = document.querySelector('.heat-scroll')
  const tasks = []
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration) })
  observer.observe({ type: 'longtask' })
  const rowCounts = []
  let last = performance.now()
  let longestFrame = 0
  let frames = 0
  const started = last
  const step = (now) => {
    longestFrame = Math.max(longestFrame, now - last)
    last = now
    frames++
    rowCounts.push(box.querySelectorAll('.heat-body [role=row]').length)
    if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1 || frames > 1000) {
      setTimeout(() => {
        observer.disconnect()
        resolve({ frames, longestFrame, longTasks: tasks.length, longestTask: Math.max(0, ...tasks), totalMs: performance.now() - started, maxRows: Math.max(...rowCounts), scrollHeight: box.scrollHeight, lastRow: [...box.querySelectorAll('.heat-body [role=rowheader]')].at(-1)?.textContent })
      }, 200)
      return
    }
    box.scrollTop += Math.round(box.clientHeight * 0.8)
    requestAnimationFrame(step)
  }
  requestAnimationFrame(step)
})`

interface ScrollFigures {
  readonly frames: number
  readonly longestFrame: number
  readonly longTasks: number
  readonly longestTask: number
  readonly totalMs: number
  readonly maxRows: number
  readonly scrollHeight: number
  readonly lastRow: string | undefined
}

t.test(`a ${SCOPES}-scope store: first view, and the heat map scrolled top to bottom`, { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t, { stores: { big: 'hyperv-2008r2.xml' } })
  const xml = renderStore(benchPolicy(SCOPES, 18).store)
  writeFileSync(server.paths.big ?? '', xml)
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await page.goto(server.url)
  await page.evaluate(WATCH_FIRST_VIEW)
  await page.getByLabel('API token').fill(server.tokens.auditor)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Store tree' }).waitFor({ timeout: 60_000 })
  const first = await page.evaluate<{ submitted: number; treeShown: number }>('window.__azman')
  const firstView = first.treeShown - first.submitted
  t.comment(`store of ${SCOPES} scopes (${(xml.length / 1e6).toFixed(1)} MB of XML): first view (token submitted to the tree on screen) ${firstView.toFixed(0)} ms`)
  t.ok(firstView > 0 && firstView < 5_000, `first view within 5 s (issue's aim: 1 s on loopback; measured ${firstView.toFixed(0)} ms)`)

  const opened = await page.evaluate<number>('performance.now()')
  await openView(page, 'Audit')
  await page.locator('.heat-body [role=rowheader]').first().waitFor({ timeout: 60_000 })
  const mapShown = (await page.evaluate<number>('performance.now()')) - opened
  t.comment(`heat map on screen ${mapShown.toFixed(0)} ms after opening the Audit view`)
  // Let the audit (run on opening) finish, so that its answer does not land in the middle of the scroll.
  await page.locator('.audit[aria-busy="false"]').waitFor({ timeout: 120_000 })
  const audited = (await page.evaluate<number>('performance.now()')) - opened
  t.comment(`audit of the store answered and shown ${audited.toFixed(0)} ms after opening the Audit view`)
  t.comment(`findings: ${(await page.locator('.shown').textContent()) ?? ''}`)
  const listed = page.locator('table.finding-list tbody tr')
  t.equal(await listed.count(), 100, 'thousands of findings are listed a hundred at a time')
  await page.getByRole('button', { name: 'List 100 more findings' }).click()
  t.equal(await listed.count(), 200, 'and a button lists a hundred more')
  const region = await page.locator('.heat-scroll').getAttribute('aria-label')
  t.match(region, /3003 role assignments by 34 operations/, 'the matrix has every row: 3 at application level and 3 per scope')
  const rendered = await page.locator('.heat-body [role=row]').count()
  t.ok(rendered > 0 && rendered < 100, `virtualised: ${rendered} rows in the DOM of 3003`)

  // The main thread's time by kind, from the DevTools protocol, to tell script from layout in the figures.
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const before = await cdp.send('Performance.getMetrics')
  const s = await page.evaluate<ScrollFigures>(SCROLL_AND_MEASURE)
  const after = await cdp.send('Performance.getMetrics')
  const m = (r: { metrics: { name: string; value: number }[] }) => Object.fromEntries(r.metrics.map((x) => [x.name, x.value]))
  const [a, b] = [m(after), m(before)]
  const spent = (k: string) => `${(((a[k] ?? 0) - (b[k] ?? 0)) * 1000).toFixed(0)} ms`
  t.comment(
    `main thread while scrolling (Chrome's Performance.getMetrics): tasks ${spent('TaskDuration')}, script ${spent('ScriptDuration')}, layout ${spent('LayoutDuration')}, style ${spent('RecalcStyleDuration')}`,
  )
  t.comment(
    `scrolled ${s.scrollHeight} px in ${s.frames} frames (${s.totalMs.toFixed(0)} ms): longest frame gap ${s.longestFrame.toFixed(1)} ms; ${s.longTasks} long tasks, longest ${s.longestTask.toFixed(0)} ms; at most ${s.maxRows} rows in the DOM`,
  )
  t.ok(s.frames <= 1000, `the scroll ended (${s.frames} frames)`)
  t.equal(s.lastRow, 'VM 01000 / Monitors', 'the scroll reached the last row')
  t.ok(s.maxRows < 100, `at most ${s.maxRows} rows in the DOM while scrolling`)
  // Bounds for a loaded CI machine (these figures were 300 ms to 1 s with a load average of 15 on 2 CPUs); an unvirtualised
  // map (100,000 cells) takes far longer per step.
  t.ok(s.longestTask < 2_000, `no task blocked the page for 2 s (longest ${s.longestTask.toFixed(0)} ms; the issue's aim: 100 ms)`)
  t.ok(s.longestFrame < 2_000, `no frame waited 2 s (longest gap ${s.longestFrame.toFixed(1)} ms)`)
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
})
