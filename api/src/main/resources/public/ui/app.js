import { session, ApiError } from './api.js';
import { loginPage, timersPage, timerPage } from './pages.js';
import { createPage } from './create.js';

const main = document.getElementById('main');

function route() {
  const hash = location.hash || '#/timers';
  const [path, search] = hash.substring(1).split('?');
  const parameters = new URLSearchParams(search || '');
  document.getElementById('logout').hidden = !session.token();
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('current', path.startsWith(`/${link.dataset.page}`));
  }
  if (!session.token()) {
    loginPage(main, route);
    return;
  }
  const handle = (promise) => Promise.resolve(promise).catch((error) => {
    if (error instanceof ApiError && error.status === 401) {
      session.logout();
      route();
    }
  });
  if (path.startsWith('/timer/')) handle(timerPage(main, decodeURIComponent(path.substring(7)), parameters));
  else if (path === '/create') createPage(main);
  else handle(timersPage(main, parameters));
}

document.getElementById('logout').addEventListener('click', () => {
  session.logout();
  location.hash = '#/timers';
  route();
});
window.addEventListener('hashchange', route);
route();
