// Browser end-to-end test of the viewer in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   SCREENER_URL=http://127.0.0.1:5080 node web/e2e/run.mjs        use a running `screener serve`
//   node web/e2e/run.mjs                                            start `./screener serve --processor fake` itself
// Env: E2E_STUDY (file or zip to upload; default a synthetic DICOM-like file, fine for the fake processor),
//      E2E_OUT (screenshots + summary.json; default web/e2e/out), E2E_TIMEOUT_S (analysis wait, default 180),
//      CHROMIUM (default /usr/bin/chromium), E2E_USER / E2E_PASSWORD (log in through the login page first; when the script starts
//      the server itself it makes such a user with `screener users add`). Exit code 0 = every check passed; 1 = a check failed; 2 = could not run.
import { chromium } from 'playwright-core'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import net from 'node:net'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '..', '..')
const out = resolve(process.env.E2E_OUT ?? join(here, 'out'))
const timeoutMs = Number(process.env.E2E_TIMEOUT_S ?? 180) * 1000
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium'
mkdirSync(out, { recursive: true })
const summary = { checks: [] }
const check = (name, ok, detail = '') => {
  summary.checks.push({ name, ok, detail })
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`)
  if (!ok) throw new Error(`check failed: ${name} ${detail}`)
}

if (!existsSync(executablePath)) { console.error(`e2e: ${executablePath} not found (apt-get install chromium)`); process.exit(2) }

const scratch = mkdtempSync(join(tmpdir(), 'cs-e2e-'))
let server = null
let url = process.env.SCREENER_URL
let user = process.env.E2E_USER
let password = process.env.E2E_PASSWORD
if (!url) {
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  // Authentication is on, as in production: an admin user made the way an administrator would.
  user = 'e2e-admin'; password = `e2e-${Date.now()}-password`
  const add = spawnSync(join(repo, 'screener'), ['users', 'add', user, '--role', 'admin', '--data', join(scratch, 'data')], { input: `${password}\n`, encoding: 'utf8' })
  if (add.status !== 0) { console.error(`e2e: screener users add failed: ${add.stderr}`); process.exit(2) }
  server = spawn(join(repo, 'screener'), ['serve', '--urls', url, '--data', join(scratch, 'data'), '--processor', 'fake'], { stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout.on('data', () => {}); server.stderr.on('data', (d) => process.stderr.write(d))
  await waitForHealth(url, 180_000)
}
let study = process.env.E2E_STUDY
if (!study) {
  study = join(scratch, 'IM0001.dcm')
  const bytes = new Uint8Array(1024); bytes.set([68, 73, 67, 77], 128) // "DICM" after the preamble
  writeFileSync(study, bytes)
}

// A fresh profile folder every run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(join(scratch, 'profile'), {
  executablePath, headless: true, viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
let code = 0
const page = browser.pages()[0] ?? await browser.newPage()
page.on('pageerror', (e) => console.error('page error:', e.message))
try {
  await page.goto(url)
  if (user) {
    // Nothing but the login page until logged in; a wrong password is refused in words; the session cookie is HttpOnly.
    await page.waitForSelector('[data-testid=login-form]')
    check('the login page comes first', (await page.locator('[data-testid=dropzone]').count()) === 0)
    await page.fill('[data-testid=login-name]', user)
    await page.fill('[data-testid=login-password]', 'not-the-password')
    await page.click('[data-testid=login-submit]')
    const loginError = page.locator('[data-testid=login-error]')
    await loginError.waitFor({ state: 'visible', timeout: 20_000 })
    check('a wrong password is refused', /wrong name or password/i.test(await loginError.textContent()), await loginError.textContent())
    await page.fill('[data-testid=login-password]', password)
    await page.click('[data-testid=login-submit]')
    await page.waitForSelector('[data-testid=signed-in]')
    const cookies = await browser.cookies()
    const session = cookies.find((c) => c.name === 'screener_session')
    check('the session cookie is HttpOnly and SameSite=Strict', !!session && session.httpOnly && session.sameSite === 'Strict',
      JSON.stringify(session && { httpOnly: session.httpOnly, sameSite: session.sameSite }))
    check('page scripts cannot read the session cookie', !(await page.evaluate(() => document.cookie)).includes('screener_session'))
  }
  await page.waitForSelector('[data-testid=dropzone]')
  check('studies page shows the drop zone', true)

  // A dropped file that is not an image is refused with the reason in plain words.
  await page.evaluate(() => {
    const dt = new DataTransfer()
    dt.items.add(new File(['just some words, not an image'], 'notes.txt', { type: 'text/plain' }))
    document.querySelector('[data-testid=dropzone]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  })
  const err = page.locator('[data-testid=upload-error]')
  await err.waitFor({ state: 'visible', timeout: 20_000 })
  const errText = await err.textContent()
  check('a dropped text file is refused in plain words', /not DICOM/i.test(errText), errText)

  // Upload the study through the file picker and wait for its verdict in the list.
  const before = await page.locator('[data-testid=study-row]').count()
  await page.setInputFiles('[data-testid=file-input]', study)
  // The newest study is the first row: wait until it is ours (one more row) and finished.
  await page.waitForFunction((n) => {
    const rows = document.querySelectorAll('[data-testid=study-row]')
    return rows.length > n && ['done', 'rejected', 'failed'].includes(rows[0].getAttribute('data-status'))
  }, before, { timeout: timeoutMs, polling: 250 })
  const row = page.locator('[data-testid=study-row]').first()
  const status = await row.getAttribute('data-status')
  const rowVerdict = (await row.locator('[data-testid=row-verdict]').textContent())?.trim()
  check('the uploaded study finishes with a verdict', status === 'done' && /normal|radiologist first/.test(rowVerdict ?? ''), `${status}: ${rowVerdict}`)
  await page.screenshot({ path: join(out, 'viewer-list.png') })

  const openedAt = Date.now()
  await row.click()
  await page.waitForSelector('[data-testid=viewer-canvas][data-loaded=true]', { timeout: 120_000 })
  summary.clickToLoadedMs = Date.now() - openedAt
  await page.waitForFunction(() => window.__viewerState.openMs !== null)
  const state0 = await page.evaluate(() => ({ ...window.__viewerState }))
  summary.openMs = state0.openMs
  summary.loadMs = state0.loadMs
  summary.timings = state0.timings
  summary.firstImageMs = state0.firstImageMs
  summary.firstImage = state0.firstImage
  summary.drawMs = state0.drawMs
  summary.loadAverage = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')
  check('a first image is drawn before the full volume', state0.firstImageMs !== null && state0.firstImageMs <= state0.openMs,
    `first image ${state0.firstImageMs} ms (${state0.firstImage}), full resolution ${state0.openMs} ms`)
  const favicon = await page.evaluate(async () => { const r = await fetch('/favicon.ico'); return `${r.status} ${r.headers.get('content-type')}` })
  check('the favicon is served', favicon.startsWith('200 image/'), favicon)
  const volumes = await page.locator('[data-testid=volume-summary]').textContent()
  check('the banner gives volumes in ml with the limit', /ml/.test(volumes) && !/mm³/.test(volumes), volumes)
  summary.volumeSummary = volumes
  summary.patient = await page.locator('[data-testid=patient]').textContent().catch(() => null)
  const verdict = await page.locator('[data-testid=verdict]').textContent()
  check('the study view shows the verdict plainly', /Needs a radiologist first|Looks normal/.test(verdict), verdict)
  const scored = await page.locator('[data-testid=scored-region]').textContent().catch(() => null)
  check('the banner says what the verdict covers', /^Scored: /.test(scored ?? '') && /not assessed|whole body/.test(scored ?? ''), scored)
  check('state: loaded, lung preset, overlay on', state0.loaded && state0.preset === 'lung' && state0.overlay === true,
    JSON.stringify({ window: state0.window, slice: state0.slice }))
  await page.waitForTimeout(300)

  const canvas = page.locator('[data-testid=viewer-canvas]')
  await page.click('[data-testid=preset-lung]')
  await page.waitForTimeout(300)
  const lungShot = await canvas.screenshot()
  // Preset change: from the click to the new window drawn (the page draws synchronously and waits for the GPU).
  const clickAt = Date.now()
  await page.click('[data-testid=preset-mediastinum]')
  await page.waitForFunction(() => window.__viewerState.preset === 'mediastinum' && window.__viewerState.windowChangeMs !== null)
  summary.presetChangeMs = Date.now() - clickAt
  await page.waitForTimeout(300)
  const mediaShot = await canvas.screenshot()
  const s1 = await page.evaluate(() => ({ ...window.__viewerState }))
  summary.windowChangeMs = s1.windowChangeMs
  check('mediastinum preset sets W400/L40', s1.window.width === 400 && s1.window.level === 40, JSON.stringify(s1.window))
  const d1 = await pixelDifference(page, lungShot, mediaShot)
  check('canvas pixels differ between lung and mediastinum windows', d1 > 0.01, `${(d1 * 100).toFixed(1)} % of pixels changed`)

  // Free window/level: right-drag on the planes.
  const cb = await canvas.boundingBox()
  await page.mouse.move(cb.x + cb.width * 0.2, cb.y + cb.height * 0.5)
  await page.mouse.down({ button: 'right' })
  await page.mouse.move(cb.x + cb.width * 0.2 + 120, cb.y + cb.height * 0.5 + 60, { steps: 6 })
  await page.mouse.up({ button: 'right' })
  await page.waitForTimeout(300)
  const sDrag = await page.evaluate(() => ({ ...window.__viewerState }))
  check('right-drag changes window/level freely', sDrag.window.width !== 400 || sDrag.window.level !== 40, JSON.stringify(sDrag.window))

  await page.click('[data-testid=preset-lung]')
  await page.click('[data-testid=overlay-toggle]')
  await page.waitForTimeout(300)
  const offShot = await canvas.screenshot()
  const s2 = await page.evaluate(() => ({ ...window.__viewerState }))
  await page.click('[data-testid=overlay-toggle]')
  await page.waitForTimeout(300)
  check('overlay toggles off', s2.overlay === false)

  const sliceBefore = await page.evaluate(() => window.__viewerState.slice)
  const findings = page.locator('[data-testid=finding]')
  const nFindings = await findings.count()
  if (nFindings > 0) {
    const id = state0.studyId
    const result = await page.evaluate(async (id) => (await (await fetch(`/api/v1/studies/${id}`)).json()).result, id)
    const f = result.findings[0]
    // The crosshair goes to center_mm_lps (the voxels' mean), which lies within the finding's slices, not always mid-box.
    const [first, last] = [f.bbox_voxel.min[2], f.bbox_voxel.max[2]]
    check('the study opens at finding #1', state0.selectedFinding === 0 && state0.slice >= first && state0.slice <= last,
      `opened at slice index ${state0.slice}, finding #1 spans ${first}..${last}`)
    await page.click('[data-testid=layout-multiplanar]')
    await findings.first().click()
    await page.waitForTimeout(400)
    const s3 = await page.evaluate(() => ({ ...window.__viewerState }))
    check('clicking the first finding jumps to its slice', s3.slice === state0.slice && s3.selectedFinding === 0,
      `slice ${sliceBefore} -> ${s3.slice}, finding #1 spans ${first}..${last}`)
    const onShot = await canvas.screenshot()
    const d2 = await pixelDifference(page, offShot, onShot)
    summary.overlayPixelDifference = d2
  } else {
    check('a study without findings shows none', (await page.locator('[data-testid=findings] li').count()) === 0)
  }
  await page.screenshot({ path: join(out, 'viewer-study.png') })

  // Mouse wheel over a single axial plane scrolls slices.
  await page.click('[data-testid=layout-axial]')
  await page.waitForTimeout(300)
  const box = await canvas.boundingBox()
  const sliceBeforeWheel = await page.evaluate(() => window.__viewerState.slice)
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  for (let i = 0; i < 3; i++) { await page.mouse.wheel(0, -120); await page.waitForTimeout(100) }
  const sliceAfterWheel = await page.evaluate(() => window.__viewerState.slice)
  check('mouse wheel scrolls axial slices', sliceAfterWheel !== sliceBeforeWheel, `${sliceBeforeWheel} -> ${sliceAfterWheel}`)
  await page.screenshot({ path: join(out, 'viewer-axial.png') })

  // Opening the same study again: the versioned volume links come from the browser's cache.
  await page.goto(`${url}/`)
  await page.locator('[data-testid=study-row]').first().click()
  await page.waitForSelector('[data-testid=viewer-canvas][data-loaded=true]', { timeout: 120_000 })
  await page.waitForFunction(() => window.__viewerState.openMs !== null)
  summary.reopen = await page.evaluate(() => ({ firstImageMs: window.__viewerState.firstImageMs, openMs: window.__viewerState.openMs }))
  console.log(`e2e: second opening: first image ${summary.reopen.firstImageMs} ms, full resolution ${summary.reopen.openMs} ms`)

  if (user) {
    await page.click('[data-testid=logout]')
    await page.waitForSelector('[data-testid=login-form]')
    const after = await page.evaluate(async () => (await fetch('/api/v1/studies')).status)
    check('logging out ends the session', after === 401, `GET /api/v1/studies after logout: ${after}`)
  }
} catch (e) {
  console.error(`e2e: ${e.message}`)
  await page.screenshot({ path: join(out, 'failure.png') }).catch(() => {})
  code = 1
} finally {
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2))
  console.log(`e2e: first image ${summary.firstImageMs} ms (${summary.firstImage}); preset change ${summary.presetChangeMs} ms click to drawn (draw ${summary.windowChangeMs} ms); load average ${summary.loadAverage}`)
  console.log(`e2e: load ${summary.loadMs} ms ${JSON.stringify(summary.timings)} (page open to drawn ${summary.openMs} ms; click to drawn ${summary.clickToLoadedMs} ms); screenshots in ${out}`)
  await browser.close()
  if (server) server.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
process.exit(code)

/** Fraction of pixels that differ between two PNG screenshots (decoded by the page's own canvas). */
async function pixelDifference(page, a, b) {
  return page.evaluate(async ([a64, b64]) => {
    const load = async (b64) => {
      const img = new Image(); img.src = `data:image/png;base64,${b64}`; await img.decode()
      const c = document.createElement('canvas'); c.width = img.width; c.height = img.height
      const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0)
      return ctx.getImageData(0, 0, c.width, c.height).data
    }
    const [x, y] = [await load(a64), await load(b64)]
    if (x.length !== y.length) return 1
    let diff = 0
    for (let i = 0; i < x.length; i += 4) if (Math.abs(x[i] - y[i]) + Math.abs(x[i + 1] - y[i + 1]) + Math.abs(x[i + 2] - y[i + 2]) > 6) diff++
    return diff / (x.length / 4)
  }, [a.toString('base64'), b.toString('base64')])
}

function freePort() {
  return new Promise((res) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)) }) })
}

async function waitForHealth(base, ms) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try { if ((await fetch(`${base}/api/v1/health`)).ok) return } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the server at ${base} did not answer within ${ms / 1000} s`)
}
