// The login page (shown when the server answers 401) and the signed-in name + logout in the header.
import { login, logout, type Me } from './api'
import { h } from './dom'

export function renderLogin(root: HTMLElement, done: (me: Me) => void): () => void {
  const name = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, testid: 'login-name' })
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, testid: 'login-password' })
  const error = h('div', { class: 'upload-error', testid: 'login-error', hidden: true })
  const submit = h('button', { type: 'submit', testid: 'login-submit' }, 'Log in')
  const form = h('form', { class: 'login', testid: 'login-form' },
    h('h2', {}, 'Log in'),
    h('label', {}, 'Name', name), h('label', {}, 'Password', password), submit, error)
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    error.hidden = true
    submit.disabled = true
    try {
      done(await login(name.value.trim(), password.value))
    } catch (err) {
      error.hidden = false
      error.textContent = (err as Error).message
      password.value = ''
    } finally {
      submit.disabled = false
    }
  })
  root.replaceChildren(form)
  name.focus()
  return () => {}
}

/** Shows who is logged in, with a logout link, in the header's nav (nothing when authentication is off). */
export function showSignedIn(me: Me | null, onLogout: () => void) {
  document.querySelector('[data-testid=signed-in]')?.remove()
  if (!me || me.method !== 'session') return
  const out = h('a', { href: '#', testid: 'logout', onclick: async (e: Event) => { e.preventDefault(); await logout(); onLogout() } }, 'log out')
  document.querySelector('header.top nav')?.append(h('span', { class: 'signed-in', testid: 'signed-in' }, ` ${me.name} (${me.role}) `, out))
}
