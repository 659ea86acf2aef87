// Entry point: a two-page app (studies list, one study) with history-API routes; the server falls back to index.html.
import './style.css'
import { renderList } from './list'
import { renderStudy } from './viewer'
import './state'

const root = document.getElementById('app')!
let leave: (() => void) | null = null

function route() {
  leave?.()
  const m = location.pathname.match(/^\/study\/([0-9a-f]{32})\/?$/)
  leave = m ? renderStudy(root, m[1], navigate) : renderList(root, navigate)
}

function navigate(path: string) {
  history.pushState(null, '', path)
  route()
}

document.querySelectorAll<HTMLAnchorElement>('a[data-link]').forEach((a) =>
  a.addEventListener('click', (e) => { e.preventDefault(); navigate(a.getAttribute('href')!) }))
window.addEventListener('popstate', route)
route()
