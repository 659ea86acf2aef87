// Entry point: a two-page app (studies list, one study) with history-API routes; the server falls back to index.html.
import './style.css'
import { renderList } from './list'
import { renderStudy } from './viewer'
import { renderLogin, showSignedIn } from './login'
import { me, onUnauthorized } from './api'
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

// Auth first: a 401 from /auth/me (or later from any call, when the login expires) shows the login page.
function showLogin() {
  leave?.()
  showSignedIn(null, showLogin)
  leave = renderLogin(root, (m) => { showSignedIn(m, showLogin); route() })
}
onUnauthorized(showLogin)
me().then((m) => { if (m) { showSignedIn(m, showLogin); route() } else showLogin() })
  .catch((e: Error) => { root.textContent = `The service cannot be reached: ${e.message}` })
